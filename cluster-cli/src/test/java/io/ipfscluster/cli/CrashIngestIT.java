package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 4: {@code kill -9} of the built daemon during a 50,000-pin ingestion
 * through REST, then a restart on the same configuration folder; every pin that got a 200 is in
 * {@code ipfs-cluster-ctl pin ls} and ends {@code pinned}, and the peer's datastore, CRDT replica
 * and embedded IPFS repository open without damage.
 *
 * <p>The embedded node has no network block source, so the test first puts the 50,000 tiny blocks
 * into it through its kubo RPC API; each pin is then a one-block DAG the node has locally.
 */
class CrashIngestIT {
  private static final int PINS = 50_000;
  private static final int KILL_AFTER_ACKS = 25_000;
  private static final int CLIENTS = 16;
  private static final int BLOCKS_PER_PUT = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  @Timeout(900) // a safety net for a busy machine: the run takes about a minute on an idle one
  void sigkillDuringIngestion_everyAcknowledgedPinIsListedAndEndsPinned() throws Exception {
    Path cfg = dir.resolve("cfg");
    assertThat(Dist.service(cfg, "init", "--randomports").exitCode()).isZero();
    JsonNode service = JSON.readTree(cfg.resolve("service.json").toFile());
    String restAddr = service.at("/api/restapi/http_listen_multiaddress").asText();
    URI rest = httpUri(restAddr);
    URI ipfs = httpUri(service.at("/ipfs_connector/ipfshttp/node_multiaddress").asText());

    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> pinnedInIpfsBeforeKill;
    List<String> unexpected = new ArrayList<>();
    try (Daemon first = Daemon.start(cfg, dir.resolve("first.log"))) {
      long t0 = System.nanoTime();
      putBlocks(ipfs);
      report("block/put of %,d blocks: %.1f s", PINS, seconds(t0));

      Ingestion ingestion = new Ingestion(rest, acked);
      long t1 = System.nanoTime();
      ingestion.start();
      assertThat(ingestion.killPoint.await(180, TimeUnit.SECONDS))
          .as("%,d pins acknowledged", KILL_AFTER_ACKS)
          .isTrue();
      report(
          "%,d pins acknowledged in %.1f s (%,.0f pins/s, %d clients)",
          acked.size(), seconds(t1), acked.size() / seconds(t1), CLIENTS);
      pinnedInIpfsBeforeKill = recursivePins(ipfs);
      ingestion.killed = true;
      first.kill();
      ingestion.join();
      unexpected.addAll(ingestion.unexpected);
      report(
          "killed after %,d acks; %,d of them pinned in IPFS before the kill",
          acked.size(), pinnedInIpfsBeforeKill.size());
    }
    assertThat(unexpected).as("failures before the kill").isEmpty();
    assertThat(acked).hasSizeBetween(KILL_AFTER_ACKS, PINS - 1);

    // Offline, before the restart: the pinset from the datastore alone, and the IPFS repository.
    long t2 = System.nanoTime();
    Dist.Result export = Dist.service(cfg, "state", "export");
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(cidsOfJsonLines(export.out())).containsAll(acked);
    report("state export (offline): %.1f s", seconds(t2));
    long t3 = System.nanoTime();
    long pinnedAtRestart = checkIpfsRepository(cfg.resolve("ipfs"), pinnedInIpfsBeforeKill);
    report("IPFS repository check (offline): %.1f s", seconds(t3));

    Path secondLog = dir.resolve("second.log");
    long restarting = System.nanoTime();
    try (Daemon second = Daemon.start(cfg, secondLog)) {
      report("restart: %.1f s", seconds(restarting));
      String log = Files.readString(secondLog);
      assertThat(log).doesNotContain("ERROR").doesNotContainIgnoringCase("corrupt");
      assertThat(replicaPins(log)).isBetween((long) acked.size(), (long) PINS);

      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> pinned(rest, acked::contains) == acked.size());
      report(
          "%,d pins in the repository at the restart; all %,d acknowledged pinned %.1f s after"
              + " the restart began (%,.0f pins/s over the %,d left to pin)",
          pinnedAtRestart,
          acked.size(),
          seconds(restarting),
          (acked.size() - pinnedAtRestart) / seconds(restarting),
          acked.size() - pinnedAtRestart);

      long t4 = System.nanoTime();
      Dist.Result ls = Dist.ctl("--host", restAddr, "pin", "ls");
      assertThat(ls.exitCode()).as(ls.err()).isZero();
      Set<String> listed = new HashSet<>();
      ls.out().lines().forEach(line -> listed.add(line.substring(0, line.indexOf(' '))));
      assertThat(listed).containsAll(acked);
      report("ipfs-cluster-ctl pin ls: %.1f s", seconds(t4));
      assertThat(second.alive()).as("the restarted daemon is still running").isTrue();

      assertThat(Files.readString(secondLog)).doesNotContain("ERROR");
    }
  }

  /** Puts the block of every test CID into the embedded node, a few thousand per request. */
  private void putBlocks(URI ipfs) throws IOException, InterruptedException {
    String boundary = "crash-ingest-boundary";
    for (int from = 0; from < PINS; from += BLOCKS_PER_PUT) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int to = Math.min(PINS, from + BLOCKS_PER_PUT);
      for (int i = from; i < to; i++) {
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"
                    + i
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(ipfs.resolve("/api/v0/block/put?cid-codec=raw"))
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Set<String> keys = new HashSet<>();
      r.body().lines().forEach(line -> keys.add(readTree(line).path("Key").asText()));
      for (int i = from; i < to; i++) {
        assertThat(keys).contains(TestCids.rawCid(i));
      }
    }
  }

  /** The recursive pins of the embedded node, through its RPC API. */
  private Set<String> recursivePins(URI ipfs) throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(ipfs.resolve("/api/v0/pin/ls?type=recursive&stream=true"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    Set<String> cids = new HashSet<>();
    try (BufferedReader in = reader(r.body())) {
      in.lines().forEach(line -> cids.add(readTree(line).path("Cid").asText()));
    }
    return cids;
  }

  /** How many pins the peer reports {@code pinned} whose CID {@code counted} accepts. */
  private long pinned(URI rest, Predicate<String> counted)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(rest.resolve("/pins?local=true&filter=pinned")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    try (BufferedReader in = reader(r.body())) {
      return in.lines().map(line -> readTree(line).path("cid").asText()).filter(counted).count();
    }
  }

  /**
   * Opens the embedded node's repository in this JVM, as the restarted daemon would: every block
   * put is there, and every pin the node listed before the kill. Returns its recursive pin count.
   */
  private static long checkIpfsRepository(Path repo, Set<String> pinnedBeforeKill) {
    try (IpfsNode node = IpfsNode.open(EmbeddedNodeConfig.defaults(repo), BlockSource.none())) {
      assertThat(node.blockstore().usage().blocks()).isEqualTo(PINS);
      for (int i = 0; i < PINS; i++) {
        assertThat(node.blockstore().has(Cid.parse(TestCids.rawCid(i)).multihash()))
            .as("block %d", i)
            .isTrue();
      }
      Set<String> pins = new HashSet<>();
      node.pins().forEachRecursive(cid -> pins.add(cid.toString()));
      assertThat(pins).containsAll(pinnedBeforeKill);
      return pins.size();
    }
  }

  /** The pin count of the restarted peer's "CRDT consensus ready: N pins" log line. */
  private static long replicaPins(String log) {
    Matcher m = Pattern.compile("CRDT consensus ready: (\\d+) pins, (\\d+) heads").matcher(log);
    assertThat(m.find()).as("the CRDT ready line in %s", log).isTrue();
    assertThat(Long.parseLong(m.group(2))).as("CRDT heads").isPositive();
    return Long.parseLong(m.group(1));
  }

  private static Set<String> cidsOfJsonLines(String lines) {
    Set<String> cids = new HashSet<>();
    lines
        .lines()
        .filter(l -> !l.isBlank())
        .forEach(l -> cids.add(readTree(l).path("cid").asText()));
    return cids;
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** {@code http://host:port} of a {@code /ip4/host/tcp/port} multiaddress. */
  private static URI httpUri(String multiaddr) {
    String[] p = multiaddr.split("/");
    return URI.create("http://" + p[2] + ":" + p[4]);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void report(String format, Object... args) {
    System.out.println("CrashIngestIT: " + String.format(format, args));
  }

  /**
   * {@link #CLIENTS} clients pinning the test CIDs through REST, each taking the next CID; every
   * CID answered 200 goes into the acknowledged set. Before {@link #killed} is set any other
   * outcome is unexpected; after it, failures are the kill's.
   */
  private final class Ingestion {
    private final URI rest;
    private final Set<String> acked;
    private final AtomicInteger next = new AtomicInteger();
    final CountDownLatch killPoint = new CountDownLatch(KILL_AFTER_ACKS);
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    volatile boolean killed;

    Ingestion(URI rest, Set<String> acked) {
      this.rest = rest;
      this.acked = acked;
    }

    void start() {
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(Thread.ofVirtual().name("client-" + c).start(this::run));
      }
    }

    private void run() {
      for (int i = next.getAndIncrement(); i < PINS; i = next.getAndIncrement()) {
        String cid = TestCids.rawCid(i);
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(rest.resolve("/pins/" + cid))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            acked.add(cid);
            killPoint.countDown();
          } else if (!killed) {
            unexpected.add(cid + ": " + r.statusCode() + " " + r.body());
          }
        } catch (IOException e) {
          if (!killed) {
            unexpected.add(cid + ": " + e);
          }
          return; // the daemon is gone
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void join() throws InterruptedException {
      for (Thread t : clients) {
        assertThat(t.join(Duration.ofSeconds(60))).as(t.getName() + " ended").isTrue();
      }
    }
  }

  /** The built daemon running on a configuration folder, its output in a log file. */
  private static final class Daemon implements AutoCloseable {
    private final Process process;

    private Daemon(Process process) {
      this.process = process;
    }

    static Daemon start(Path cfg, Path log) throws IOException, InterruptedException {
      Process p =
          new ProcessBuilder(
                  Dist.home().resolve("bin/ipfs-cluster-service").toString(),
                  "--config",
                  cfg.toString(),
                  "daemon")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Daemon daemon = new Daemon(p);
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> !p.isAlive() || Files.readString(log).contains(" is running."));
        assertThat(p.isAlive()).as("daemon running; its log: %s", Files.readString(log)).isTrue();
      } catch (RuntimeException | AssertionError e) {
        daemon.close();
        throw e;
      }
      return daemon;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(137); // 128 + SIGKILL
    }

    /** SIGTERM, then SIGKILL if it does not stop. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }

    boolean alive() {
      return process.isAlive();
    }
  }
}

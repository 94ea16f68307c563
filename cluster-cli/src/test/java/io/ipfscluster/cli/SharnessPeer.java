package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One peer of the end-to-end tests: a configuration folder written by the built {@code
 * ipfs-cluster-service init}, the daemon process started from it, and {@code ipfs-cluster-ctl}
 * pointed at its REST API. Not thread-safe: one test thread drives it.
 */
final class SharnessPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  final Path dir;
  private final Path log;
  private Process daemon;

  private SharnessPeer(Path dir) {
    this.dir = dir;
    this.log = dir.resolve("daemon.log");
  }

  /**
   * Runs {@code init --randomports} in {@code dir}, then lets {@code edit} change the written
   * {@code service.json}: the IPFS node to use, TLS, credentials.
   */
  static SharnessPeer init(Path dir, Edit edit) throws Exception {
    return init(dir, List.of(), edit);
  }

  /** As {@link #init(Path, Edit)}, with {@code initArgs} added to {@code init --randomports}. */
  static SharnessPeer init(Path dir, List<String> initArgs, Edit edit) throws Exception {
    List<String> args = new ArrayList<>(List.of("init", "--randomports"));
    args.addAll(initArgs);
    Dist.Result init = Dist.service(dir, args.toArray(String[]::new));
    assertThat(init.exitCode()).as(init.all()).isZero();
    SharnessPeer peer = new SharnessPeer(dir);
    ObjectNode config = peer.config();
    edit.apply(dir, config);
    JSON.writerWithDefaultPrettyPrinter().writeValue(peer.configFile().toFile(), config);
    return peer;
  }

  /**
   * A member of a test cluster of daemons: {@link #init(Path, List, Edit)} with the cluster {@code
   * secret}, peer name {@code name} and the peer network on loopback (at the port init chose), then
   * {@code more}.
   */
  static SharnessPeer member(Path dir, List<String> initArgs, String name, String secret, Edit more)
      throws Exception {
    return init(
        dir,
        initArgs,
        (d, config) -> {
          ObjectNode cluster = (ObjectNode) config.get("cluster");
          cluster.put("secret", secret);
          cluster.put("peername", name);
          cluster.put(
              "listen_multiaddress", listen(config).replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/"));
          more.apply(d, config);
        });
  }

  /** The first {@code cluster.listen_multiaddress} (written as a string or a list). */
  private static String listen(JsonNode config) {
    JsonNode listen = config.get("cluster").get("listen_multiaddress");
    return listen.isArray() ? listen.get(0).asText() : listen.asText();
  }

  /**
   * Where other peers join this one ({@code --bootstrap}): its peer network address with its ID.
   */
  String peerAddress() throws IOException {
    return listen(config()) + "/p2p/" + id();
  }

  /** A change to a fresh configuration; {@code dir} is its folder. */
  interface Edit {
    void apply(Path dir, ObjectNode config) throws Exception;
  }

  private Path configFile() {
    return dir.resolve("service.json");
  }

  ObjectNode config() throws IOException {
    return (ObjectNode) JSON.readTree(configFile().toFile());
  }

  /** The peer ID of {@code identity.json}. */
  String id() throws IOException {
    return JSON.readTree(dir.resolve("identity.json").toFile()).path("id").asText();
  }

  /** The multiaddress of the REST API, for {@code ctl --host}. */
  String restHost() throws IOException {
    return config().at("/api/restapi/http_listen_multiaddress").asText();
  }

  /** The kubo RPC API of the IPFS node this peer uses, for example {@code http://…/api/v0/}. */
  URI ipfsApi() throws IOException {
    String[] parts = config().at("/ipfs_connector/ipfshttp/node_multiaddress").asText().split("/");
    return URI.create("http://" + parts[2] + ":" + parts[4] + "/api/v0/");
  }

  /**
   * Starts the daemon with {@code daemonArgs} and waits until it says it runs. Fails with the end
   * of its log when it exits first or takes longer than the limit.
   */
  void start(String... daemonArgs) throws Exception {
    assertThat(daemon).as("the daemon is already running").isNull();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Dist.home().resolve("bin/ipfs-cluster-service").toString(),
                "--config",
                dir.toString(),
                "daemon"));
    cmd.addAll(List.of(daemonArgs));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().remove("IPFS_CLUSTER_PATH");
    pb.environment().keySet().removeIf(k -> k.startsWith("CLUSTER_"));
    int before = runningLines();
    daemon = pb.start();
    Process p = daemon;
    try {
      await()
          .atMost(START_LIMIT)
          .pollInterval(Duration.ofMillis(100))
          .failFast("the daemon exited", () -> !p.isAlive())
          .until(() -> runningLines() > before);
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "; its log ends with:\n" + logTail(), e);
    }
  }

  private int runningLines() throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    String running = "peer " + id() + " is running";
    return (int) Files.readAllLines(log).stream().filter(l -> l.contains(running)).count();
  }

  /** Stops the daemon with SIGTERM, as an operator does, and waits for it to exit. */
  void stop() throws Exception {
    if (daemon == null) {
      return;
    }
    daemon.destroy();
    boolean exited = daemon.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      daemon.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    daemon = null;
    assertThat(exited).as("the daemon stops on SIGTERM within " + STOP_LIMIT).isTrue();
  }

  /** Kills the daemon with SIGKILL ({@code kill -9}) and waits for it to be gone. */
  void kill() throws Exception {
    assertThat(daemon).as("the daemon is not running").isNotNull();
    daemon.destroyForcibly();
    assertThat(daemon.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    daemon = null;
  }

  /** Whether the daemon process runs. */
  boolean running() {
    return daemon != null && daemon.isAlive();
  }

  /** The whole daemon log so far. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Runs {@code ipfs-cluster-ctl --host <this peer's REST API> args…}. */
  Dist.Result ctl(String... args) throws Exception {
    return ctlWith(Map.of(), args);
  }

  /** As {@link #ctl}, with {@code env} added to a clean environment. */
  Dist.Result ctlWith(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--host", restHost()));
    all.addAll(List.of(args));
    return Dist.run("ipfs-cluster-ctl", null, env, all.toArray(String[]::new));
  }

  /** Runs {@code ipfs-cluster-ctl}, which must succeed, and returns its standard output. */
  String ctlOk(String... args) throws Exception {
    Dist.Result r = ctl(args);
    assertThat(r.exitCode()).as("ctl %s: %s", String.join(" ", args), r.all()).isZero();
    return r.out();
  }

  /** Runs {@code ipfs-cluster-service --config <this peer's folder> args…}. */
  Dist.Result service(String... args) throws Exception {
    return Dist.service(dir, args);
  }

  /** The JSON objects {@code ipfs-cluster-ctl --enc=json args…} printed. */
  List<JsonNode> ctlJson(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--enc=json"));
    all.addAll(List.of(args));
    return SharnessCases.jsonObjects(ctlOk(all.toArray(String[]::new)));
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}

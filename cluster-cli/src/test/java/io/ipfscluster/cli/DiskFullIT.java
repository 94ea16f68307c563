package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the built daemon: its configuration folder is on a small tmpfs, mounted in
 * a user and mount namespace of its own ({@code unshare -Urm}) so no privilege is needed, and
 * filled by the test. A pin then gets a 500 that says the disk is full; the pinset stays whole and
 * readable; once space is freed and the peer restarted, pinning works again.
 *
 * <p>Skipped where the kernel or its policy forbids unprivileged user namespaces.
 */
class DiskFullIT {
  /**
   * Runs inside the namespace: mounts the tmpfs on $1, copies the configuration $2 into it, then
   * obeys commands read from stdin, answering each with one line: {@code start LOG} starts the
   * daemon ($3) with its output in LOG, {@code stop} stops it (SIGTERM), {@code fill} fills the
   * tmpfs, {@code free} removes the filler.
   */
  private static final String CONTROLLER =
      """
      #!/bin/sh
      set -e
      mount -t tmpfs -o size=48m tmpfs "$1"
      cp -a "$2/." "$1/"
      echo mounted
      pid=
      while read -r cmd arg; do
        case "$cmd" in
          start) "$3" --config "$1" daemon >"$arg" 2>&1 & pid=$!; echo started;;
          stop) kill -TERM "$pid"; wait "$pid" || true; echo stopped;;
          fill) dd if=/dev/zero of="$1/filler" bs=64k 2>/dev/null || true; echo filled;;
          free) rm -f "$1/filler"; echo freed;;
        esac
      done
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  @Timeout(300)
  void diskFull_pinAnswersAClear500_pinsetStaysWhole_andPinningWorksAfterSpaceIsFreed()
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Assumptions.assumeTrue(
        canMountTmpfs(data), "unshare -Urm cannot mount a tmpfs here (user namespaces disabled?)");
    Path template = dir.resolve("template");
    assertThat(Dist.service(template, "init", "--randomports").exitCode()).isZero();
    JsonNode service = JSON.readTree(template.resolve("service.json").toFile());
    URI rest = httpUri(service.at("/api/restapi/http_listen_multiaddress").asText());
    URI ipfs = httpUri(service.at("/ipfs_connector/ipfshttp/node_multiaddress").asText());

    try (Controller peer = Controller.start(dir, data, template)) {
      Path firstLog = dir.resolve("first.log");
      peer.command("start " + firstLog, "started");
      awaitRunning(firstLog);
      List<String> before =
          IntStream.range(0, 5).mapToObj(i -> putBlock(ipfs, "before-" + i)).toList();
      for (String cid : before) {
        assertThat(post(rest, "/pins/" + cid).statusCode()).isEqualTo(200);
      }
      for (String cid : before) {
        awaitStatus(rest, cid, "pinned");
      }

      peer.command("fill", "filled");
      String refused = TestCids.rawCid(1);
      HttpResponse<String> pin = post(rest, "/pins/" + refused);

      assertThat(pin.statusCode()).as(pin.body()).isEqualTo(500);
      JsonNode error = JSON.readTree(pin.body());
      assertThat(error.path("code").asInt()).isEqualTo(500);
      assertThat(error.path("message").asText())
          .contains("No space left on device")
          .contains("The disk is full");
      assertThat(get(rest, "/id").statusCode()).isEqualTo(200);
      assertThat(allocations(rest)).containsExactlyInAnyOrderElementsOf(before);
      for (String cid : before) {
        awaitStatus(rest, cid, "pinned");
      }

      peer.command("free", "freed");
      peer.command("stop", "stopped");
      Path secondLog = dir.resolve("second.log");
      peer.command("start " + secondLog, "started");
      awaitRunning(secondLog);

      assertThat(allocations(rest)).containsExactlyInAnyOrderElementsOf(before);
      String after = putBlock(ipfs, "after");
      assertThat(post(rest, "/pins/" + after).statusCode()).isEqualTo(200);
      awaitStatus(rest, after, "pinned");
      for (String cid : before) {
        awaitStatus(rest, cid, "pinned");
      }
      assertThat(Files.readString(secondLog)).doesNotContain("ERROR");
      peer.command("stop", "stopped");
    }
  }

  /** Whether this user can mount a tmpfs in a namespace of its own. */
  private static boolean canMountTmpfs(Path on) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "unshare", "-Urm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", on.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static void awaitRunning(Path log) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Files.exists(log) && Files.readString(log).contains(" is running."));
  }

  private void awaitStatus(URI rest, String cid, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = get(rest, "/pins/" + cid + "?local=true");
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              JsonNode peers = JSON.readTree(r.body()).path("peer_map");
              assertThat(peers.elements().next().path("status").asText())
                  .as("%s: %s", cid, r.body())
                  .isEqualTo(status);
            });
  }

  private Set<String> allocations(URI rest) throws Exception {
    HttpResponse<String> r = get(rest, "/allocations");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Set<String> cids = new HashSet<>();
    for (String line : r.body().lines().toList()) {
      cids.add(JSON.readTree(line).path("cid").asText());
    }
    return cids;
  }

  /** Puts one small raw block into the embedded node through its RPC API; returns its CID. */
  private String putBlock(URI ipfs, String content) {
    String boundary = "disk-full-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + content
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(ipfs.resolve("/api/v0/block/put?cid-codec=raw"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    try {
      return JSON.readTree(r.body()).path("Key").asText();
    } catch (IOException e) {
      throw new AssertionError(r.body(), e);
    }
  }

  private HttpResponse<String> post(URI rest, String path) {
    return send(
        HttpRequest.newBuilder(rest.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> get(URI rest, String path) {
    return send(HttpRequest.newBuilder(rest.resolve(path)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static URI httpUri(String multiaddr) {
    String[] p = multiaddr.split("/");
    return URI.create("http://" + p[2] + ":" + p[4]);
  }

  /** The controller script running in its namespace, and the daemon it starts. */
  private static final class Controller implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    private Controller(Process process) {
      this.process = process;
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.answers =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Controller start(Path dir, Path data, Path template) throws IOException {
      Path script = dir.resolve("controller.sh");
      Files.writeString(script, CONTROLLER);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      Process p =
          new ProcessBuilder(
                  "unshare",
                  "-Urm",
                  script.toString(),
                  data.toString(),
                  template.toString(),
                  Dist.home().resolve("bin/ipfs-cluster-service").toString())
              .redirectError(dir.resolve("controller.err").toFile())
              .start();
      Controller c = new Controller(p);
      c.expect("mounted");
      return c;
    }

    /** Sends {@code command}; the controller's answer must be {@code answer}. */
    void command(String command, String answer) throws IOException {
      commands.write(command + "\n");
      commands.flush();
      expect(answer);
    }

    private void expect(String answer) throws IOException {
      assertThat(answers.readLine()).as("the controller's answer").isEqualTo(answer);
    }

    /** Ends the controller and whatever it started, by their process ids. */
    @Override
    public void close() {
      List<ProcessHandle> all = process.descendants().toList();
      all.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

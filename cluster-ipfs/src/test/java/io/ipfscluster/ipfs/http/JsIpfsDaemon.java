package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A js-ipfs 0.66.1 daemon for a test class: started offline before the class with a fresh repo in
 * {@code target/}, on free loopback ports (API, swarm, gateway, RPC), stopped after it.
 *
 * <p>It runs {@code tools/js-ipfs/start.sh} (found through the system property {@code jsipfs.dir},
 * else by walking up from the working directory), which {@code exec}s node, so the process it
 * starts IS the daemon and is what gets killed. Where node is not on the PATH or {@code npm ci} has
 * not been run in {@code tools/js-ipfs}, the class is SKIPPED, with the reason printed; a daemon
 * that is installed but does not start fails the class.
 *
 * <p>Use: {@code @RegisterExtension static final JsIpfsDaemon JS = new JsIpfsDaemon();}. Not
 * thread-safe: JUnit calls it from one thread.
 */
public final class JsIpfsDaemon implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_LIMIT = Duration.ofSeconds(120);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

  private Process process;
  private Multiaddr api;
  private Path log;
  private Duration startTime;

  /** The daemon's RPC API, for example {@code /ip4/127.0.0.1/tcp/40123}. */
  public Multiaddr apiAddress() {
    if (api == null) {
      throw new IllegalStateException("the js-ipfs daemon is not running");
    }
    return api;
  }

  /** How long the daemon took to answer its first {@code version} call. */
  public Duration startTime() {
    return startTime;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String test = context.getRequiredTestClass().getSimpleName();
    Path dir = toolDir();
    skipUnless(dir != null, test, "tools/js-ipfs not found (set -Djsipfs.dir)");
    skipUnless(onPath("node"), test, "node is not on the PATH (install Node.js 20 and npm)");
    skipUnless(
        Files.isRegularFile(dir.resolve("node_modules/.bin/jsipfs")),
        test,
        "js-ipfs is not installed: run 'npm ci --no-audit --no-fund' in "
            + dir
            + " (.ci/run does)");

    Path work =
        Path.of(System.getProperty("jsipfs.workdir", "target/jsipfs"))
            .toAbsolutePath()
            .resolve(test + "-" + System.currentTimeMillis());
    Files.createDirectories(work);
    log = work.resolve("daemon.log");
    int[] ports = freePorts(4);
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(dir.resolve("start.sh").toString());
    cmd.add(work.resolve("repo").toString());
    for (int p : ports) {
      cmd.add(Integer.toString(p));
    }
    cmd.add("--offline");
    Instant started = Instant.now();
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    api = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + ports[0]);
    awaitVersion(ports[0], started);
    startTime = Duration.between(started, Instant.now());
    System.err.printf(
        "js-ipfs daemon for %s: API %s, pid %d, answered after %d ms; log %s%n",
        test, api, process.pid(), startTime.toMillis(), log);
  }

  private static void skipUnless(boolean ok, String test, String why) {
    if (!ok) {
      String message = "SKIPPED " + test + ": " + why;
      System.err.println();
      System.err.println("*".repeat(message.length()));
      System.err.println(message);
      System.err.println("*".repeat(message.length()));
      Assumptions.abort(message);
    }
  }

  private void awaitVersion(int port, Instant started) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest version =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0/version"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    while (Duration.between(started, Instant.now()).compareTo(START_LIMIT) < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the js-ipfs daemon exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> r = http.send(version, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    stop();
    throw new IllegalStateException(
        "the js-ipfs daemon did not answer within " + START_LIMIT + ":\n" + logTail());
  }

  private String logTail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy); // an init still running
    process.destroy(); // SIGTERM to node itself: start.sh exec'd it
    if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    process = null;
    api = null;
  }

  private static Path toolDir() {
    String configured = System.getProperty("jsipfs.dir");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().normalize();
      return Files.isRegularFile(p.resolve("start.sh")) ? p : null;
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("tools/js-ipfs");
      if (Files.isRegularFile(candidate.resolve("start.sh"))) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}

package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mDNS discovery over real multicast: loopback has none, so the test makes two network namespaces
 * joined by a veth pair ({@code unshare -Urn}, then a nested {@code unshare -n}; 10.77.0.1/24 and
 * 10.77.0.2/24) and runs peers in them as separate JVMs (bare peer networks, {@link MdnsNode}, or
 * whole cluster peers, {@code MdnsClusterPeer}): peer {@code a} in the first, {@code b} and a
 * {@code stranger} with another secret in the second. Killing the processes removes the namespaces
 * and the veth pair with them. Where user and network namespaces or veth links are not permitted,
 * the test is skipped and says why.
 */
@Timeout(300)
class MdnsDiscoveryIT {
  /**
   * How long peers may take to join: on a loaded machine a first attempt can time out, and a peer
   * that failed is dialled again a minute later ({@link DiscoveredPeers#RETRY}).
   */
  private static final Duration JOINED = DiscoveredPeers.RETRY.plusSeconds(90);

  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final String OTHER_SECRET =
      "9d2dd1b1a8f2f83f58e8a0f2b0f4a1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5";

  @TempDir Path dir;
  private Process namespaces;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void namespacesArePermitted() throws Exception {
    String why;
    try {
      Process probe =
          new ProcessBuilder(
                  "unshare", "-Urn", "sh", "-c", "ip link add v0 type veth peer name v1 2>&1")
              .redirectErrorStream(true)
              .start();
      boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
      String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      why = !ended ? "timed out" : probe.exitValue() == 0 ? null : out.strip();
      probe.destroyForcibly();
    } catch (IOException e) {
      why = e.getMessage();
    }
    Assumptions.assumeTrue(
        why == null,
        "skipped: this host does not permit user and network namespaces with a veth pair"
            + " (unshare -Urn; ip link add … type veth): "
            + why);
  }

  @AfterEach
  void removeNamespaces() throws Exception {
    if (namespaces != null) {
      List<ProcessHandle> all = namespaces.descendants().toList();
      namespaces.destroyForcibly();
      all.forEach(ProcessHandle::destroyForcibly);
      namespaces.waitFor(30, TimeUnit.SECONDS);
      for (ProcessHandle p : all) {
        p.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void peerNetworksInTwoNamespaces_discoverEachOther_andOnlySecretHoldersJoin() throws Exception {
    start(MdnsNode.class.getName());

    String a = self("a");
    String b = self("b");
    String stranger = self("stranger");
    await()
        .atMost(JOINED)
        .untilAsserted(
            () -> {
              assertThat(lines)
                  .anyMatch(l -> l.matches("a DISCOVERED " + b + " .*10\\.77\\.0\\.2.*"));
              assertThat(lines)
                  .anyMatch(l -> l.matches("b DISCOVERED " + a + " .*10\\.77\\.0\\.1.*"));
              assertThat(lastPeers("a")).contains(List.of(b));
              assertThat(lastPeers("b")).contains(List.of(a));
            });
    // a heard of the stranger and failed to join it (the cluster secret differs).
    await()
        .atMost(JOINED)
        .untilAsserted(
            () -> {
              assertThat(lines).anyMatch(l -> l.startsWith("a DISCOVERED " + stranger + " "));
              assertThat(lines).contains("a JOIN " + stranger + " false");
            });
    assertThat(lines)
        .doesNotContain("a JOIN " + stranger + " true", "b JOIN " + stranger + " true");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("a PEERS") || l.startsWith("b PEERS"))
        .noneMatch(l -> l.contains(stranger));
    assertThat(lines)
        .filteredOn(l -> l.startsWith("stranger PEERS"))
        .noneMatch(l -> l.contains(a) || l.contains(b));
  }

  @Test
  void clusterPeersInTwoNamespaces_listEachOther() throws Exception {
    start("io.ipfscluster.peer.MdnsClusterPeer");

    String a = self("a");
    String b = self("b");
    String stranger = self("stranger");
    await()
        .atMost(JOINED)
        .untilAsserted(
            () -> {
              assertThat(lastPeers("a")).contains(List.of(a, b).stream().sorted().toList());
              assertThat(lastPeers("b")).contains(List.of(a, b).stream().sorted().toList());
            });
    assertThat(lines)
        .filteredOn(l -> l.startsWith("a PEERS") || l.startsWith("b PEERS"))
        .noneMatch(l -> l.contains(stranger));
    assertThat(lastPeers("stranger")).contains(List.of(stranger));
  }

  /**
   * Starts the namespaces and three peers running {@code main} (arguments: name and secret),
   * echoing their lines to the test's output.
   */
  private void start(String main) throws IOException {
    Files.writeString(
        dir.resolve("outer.sh"),
        """
        set -eu
        ip link set lo up
        ip link add v0 type veth peer name v1
        unshare -n sh "$DIR/inner.sh" &
        inner=$!
        read ready < "$DIR/ready"
        ip link set v1 netns $inner
        ip addr add 10.77.0.1/24 dev v0
        ip link set v0 up
        echo go > "$DIR/go"
        read up < "$DIR/up"
        exec "$JAVA" $OPTS -cp "$CP" $MAIN a $SECRET
        """);
    Files.writeString(
        dir.resolve("inner.sh"),
        """
        set -eu
        echo ready > "$DIR/ready"
        read go < "$DIR/go"
        ip link set lo up
        ip addr add 10.77.0.2/24 dev v1
        ip link set v1 up
        echo up > "$DIR/up"
        "$JAVA" $OPTS -cp "$CP" $MAIN b $SECRET &
        "$JAVA" $OPTS -cp "$CP" $MAIN stranger $OTHER &
        wait
        """);
    // The scripts wait on each other through these: the inner namespace exists (ready), v1 is in
    // it (go), both ends are up (up), so that every peer starts with its veth address.
    Process fifo =
        new ProcessBuilder(
                "mkfifo",
                dir.resolve("ready").toString(),
                dir.resolve("go").toString(),
                dir.resolve("up").toString())
            .start();
    try {
      assertThat(fifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    ProcessBuilder pb =
        new ProcessBuilder("unshare", "-Urn", "sh", dir.resolve("outer.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment()
        .putAll(
            Map.of(
                "DIR",
                dir.toString(),
                "JAVA",
                ProcessHandle.current().info().command().orElse("java"),
                "CP",
                System.getProperty("java.class.path"),
                "OPTS",
                "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED"
                    + " -Dorg.slf4j.simpleLogger.log.net=debug",
                "SECRET",
                SECRET,
                "MAIN",
                main,
                "OTHER",
                OTHER_SECRET));
    namespaces = pb.start();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(namespaces.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  System.out.println("[mdns] " + line);
                  lines.add(line);
                }
              } catch (IOException e) {
                // the processes were killed
              }
            });
  }

  /** The peer ID that node {@code name} printed when it started. */
  private String self(String name) {
    String prefix = name + " SELF ";
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
    String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    return line.substring(prefix.length()).split(" ")[0];
  }

  /** The last peer list node {@code name} printed. */
  private Optional<List<String>> lastPeers(String name) {
    String prefix = name + " PEERS";
    return lines.reversed().stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).strip())
        .map(s -> s.isEmpty() ? List.of() : List.of(s.split(",")));
  }
}

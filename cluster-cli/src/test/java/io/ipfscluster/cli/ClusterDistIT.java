package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers of the built distribution, each its own {@code ipfs-cluster-service daemon} process with
 * its embedded IPFS node, forming a cluster with {@code --bootstrap}: every peer lists the others,
 * and a peer with another secret cannot join.
 */
@Timeout(300)
class ClusterDistIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final String OTHER_SECRET =
      "9f0c3a1b5d7e2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path root;
  private final List<SharnessPeer> peers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (SharnessPeer p : peers) {
      p.close();
    }
  }

  /** A peer folder with {@code secret}, its peer network on loopback at the port init chose. */
  private SharnessPeer peer(String name, String secret) throws Exception {
    SharnessPeer p = SharnessPeer.member(root.resolve(name), List.of(), name, secret, (d, c) -> {});
    peers.add(p);
    return p;
  }

  /** The IDs {@code ctl peers ls} shows that answered (no error). */
  private static Set<String> reachablePeers(SharnessPeer p) throws Exception {
    return p.ctlJson("peers", "ls").stream()
        .filter(j -> j.path("error").asText().isEmpty())
        .map(j -> j.get("id").asText())
        .collect(Collectors.toSet());
  }

  @Test
  void bootstrap_threeDaemons_everyPeerSeesTheOthers_andAnotherSecretIsRefused() throws Exception {
    SharnessPeer a = peer("a", SECRET);
    SharnessPeer b = peer("b", SECRET);
    SharnessPeer c = peer("c", SECRET);
    a.start();
    b.start("--bootstrap", a.peerAddress());
    c.start("--bootstrap", a.peerAddress());
    Set<String> all = Set.of(a.id(), b.id(), c.id());

    for (SharnessPeer p : List.of(a, b, c)) {
      await().atMost(CONVERGE).until(() -> reachablePeers(p).equals(all));
      assertThat(p.ctlOk("id")).contains(p.id()).contains("Sees 2 other peers");
    }

    SharnessPeer outsider = peer("outsider", OTHER_SECRET);
    outsider.start("--bootstrap", a.peerAddress());
    assertThat(outsider.log())
        .contains("could not join the cluster")
        .contains("was not issued with this cluster's secret");
    assertThat(reachablePeers(a)).isEqualTo(all);
    List<JsonNode> seenByOutsider = outsider.ctlJson("peers", "ls");
    assertThat(seenByOutsider)
        .filteredOn(j -> j.path("error").asText().isEmpty())
        .extracting(j -> j.get("id").asText())
        .containsExactly(outsider.id());
  }
}

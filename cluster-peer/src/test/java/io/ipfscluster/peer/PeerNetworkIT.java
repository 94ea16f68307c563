package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerstoreFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole peers on the peer network, in one JVM ({@link PeerHarness}): joining through one peer,
 * address exchange, the peer list with unreachable peers, the cluster secret, the peerstore file.
 */
@Timeout(180)
class PeerNetworkIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final String OTHER_SECRET =
      "b1a5c5c1d9ad4c3f0e3f9c5f0c7d6e2b8a1f4e3d2c1b0a99887766554433221a";

  /**
   * Peer lists come from the peer monitor: a peer is listed once its ping (every 15 s) arrives over
   * gossip, and a gossip link lost early is opened again by the next refresh (every 30 s).
   */
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path root;

  /** The IDs in {@code peer}'s peer list, with the error of each entry ("" when it answered). */
  private static Map<PeerId, String> peerList(ClusterPeer peer) {
    try (Stream<PeerInfo> s = peer.cluster().peers()) {
      return s.collect(Collectors.toMap(PeerInfo::id, PeerInfo::error));
    }
  }

  private static Map<PeerId, String> allAnswered(List<PeerId> ids) {
    return ids.stream().collect(Collectors.toMap(p -> p, p -> ""));
  }

  @Test
  void peers_threePeersJoinedThroughTheFirst_everyPeerListsAllThree() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < 3; i++) {
        ClusterPeer peer = h.peer(i);
        await()
            .atMost(CONVERGE)
            .untilAsserted(() -> assertThat(peerList(peer)).isEqualTo(allAnswered(ids)));
      }
      // Peer 2 was told only of peer 0; it learnt where peer 1 is from peer 0.
      PeerInfo id2 = h.peer(2).cluster().id();
      assertThat(id2.clusterPeers()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(id2.clusterPeersAddresses())
          .anySatisfy(a -> assertThat(a.peerId()).contains(h.id(1)));
    }
  }

  @Test
  void join_peerWithAnotherSecret_isRefusedAndNotListed() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 2, SECRET)) {
      int outsider = h.startPeer(OTHER_SECRET);
      int noSecret = h.startPeer("");

      assertThat(h.join(outsider, 0)).isZero();
      assertThat(h.join(noSecret, 0)).isZero();

      Set<PeerId> members = Set.of(h.id(0), h.id(1));
      await()
          .atMost(CONVERGE)
          .untilAsserted(() -> assertThat(peerList(h.peer(0)).keySet()).isEqualTo(members));
      // The outsider keeps the address it was given (it retries it), but never hears a metric of
      // the peer, so its peerset is itself alone.
      assertThat(peerList(h.peer(outsider))).containsOnlyKeys(h.id(outsider));
      assertThat(h.peer(outsider).network().peers()).contains(h.id(0));
    }
  }

  @Test
  void peers_stoppedPeer_listedWithAnError() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET)) {
      await()
          .atMost(CONVERGE)
          .until(() -> peerList(h.peer(0)).equals(allAnswered(List.of(h.id(0), h.id(1), h.id(2)))));
      h.stop(2);

      Map<PeerId, String> list = peerList(h.peer(0));
      assertThat(list).containsOnlyKeys(h.id(0), h.id(1), h.id(2));
      assertThat(list.get(h.id(0))).isEmpty();
      assertThat(list.get(h.id(1))).isEmpty();
      assertThat(list.get(h.id(2))).isNotEmpty();
    }
  }

  @Test
  void restart_peerWithItsPeerstoreFile_rejoinsOnANewPort() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1), h.id(2));
      await().atMost(CONVERGE).until(() -> peerList(h.peer(2)).equals(allAnswered(ids)));

      h.stop(2);
      assertThat(
              PeerstoreFile.read(h.folder(2).resolve("peerstore")).stream()
                  .map(a -> a.peerId().orElseThrow())
                  .distinct())
          .containsExactlyInAnyOrder(h.id(0), h.id(1));

      h.restart(2, SECRET); // a new listen port; nobody is told to join
      for (int i = 0; i < 3; i++) {
        ClusterPeer peer = h.peer(i);
        await()
            .atMost(CONVERGE)
            .untilAsserted(() -> assertThat(peerList(peer)).isEqualTo(allAnswered(ids)));
      }
    }
  }

  @Test
  void pin_dagStoredOnlyOnAnotherPeer_embeddedNodeFetchesItOverRpc() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 2, SECRET)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1));
      await().atMost(CONVERGE).until(() -> peerList(h.peer(1)).equals(allAnswered(ids)));
      byte[] data = new byte[3_000_000];
      new Random(7).nextBytes(data);
      Cid cid = h.addToNode(0, data);

      h.peer(1).cluster().pin(cid, PinOptions.defaults());

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(h.peer(1).cluster().status(cid, true).peerMap().get(h.id(1)).status())
                      .isEqualTo(TrackerStatus.PINNED));
    }
  }

  @Test
  void connectGraph_threePeers_linksEveryPeerToTheOthersAndToItsNode() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < 3; i++) {
        ClusterPeer peer = h.peer(i);
        await().atMost(CONVERGE).until(() -> peerList(peer).equals(allAnswered(ids)));
      }

      ConnectGraph graph = h.peer(0).cluster().connectGraph();

      assertThat(graph.clusterLinks()).containsOnlyKeys(ids);
      for (PeerId p : ids) {
        assertThat(graph.clusterLinks().get(p))
            .containsExactlyInAnyOrderElementsOf(ids.stream().filter(q -> !q.equals(p)).toList());
      }
      assertThat(graph.clusterToIpfs()).containsOnlyKeys(ids);
      assertThat(graph.idToPeername()).containsEntry(h.id(2), "peer-2");
      assertThat(graph.clusterTrustLinks()).containsOnlyKeys(ids);
    }
  }
}

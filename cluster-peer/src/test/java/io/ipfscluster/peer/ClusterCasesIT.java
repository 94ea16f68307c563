package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-peer cases of the original's {@code ipfscluster_test.go} (spec §9.2) on one CRDT
 * cluster of four whole peers in this JVM ({@link PeerHarness}): Version, Peers, Pin, StatusAll,
 * ReplicationOverall, NotEnoughPeers, RepoGC and GraphConnected. Every case uses its own CIDs, so
 * the cases share the cluster and run in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ClusterCasesIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final int PEERS = 4;
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /** Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s. */
  private static final UnaryOperator<ServiceConfig> SHORT =
      c -> c.withEnvironment(PeerHarness.SHORT_METRICS);

  @TempDir static Path root;
  private PeerHarness h;
  private Set<PeerId> all;
  private final Random random = new Random(92);

  @BeforeAll
  void startCluster() throws IOException {
    h = PeerHarness.start(root, PEERS, SECRET, SHORT);
    all = IntStream.range(0, PEERS).mapToObj(h::id).collect(Collectors.toSet());
    for (int i = 0; i < PEERS; i++) {
      ClusterPeer peer = h.peer(i);
      await()
          .atMost(CONVERGE)
          .until(() -> Set.copyOf(peer.cluster().id().clusterPeers()).equals(all));
    }
  }

  @AfterAll
  void stopCluster() {
    h.close();
  }

  /** Adds {@code size} random bytes to the IPFS node of peer {@code peer} only, without pinning. */
  private Cid addTo(int peer, int size) throws IOException {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return h.addToNode(peer, data);
  }

  private Set<PeerId> withStatus(GlobalPinInfo info, TrackerStatus status) {
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == status)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  @Test
  void version_everyPeer_reportsTheSameVersion() {
    Set<String> versions =
        IntStream.range(0, PEERS)
            .mapToObj(i -> h.peer(i).cluster().version().version())
            .collect(Collectors.toSet());
    assertThat(versions).hasSize(1).doesNotContain("");
  }

  @Test
  void peers_fromEveryPeer_listsAllWithTheIpfsIdsTheyReport() {
    Map<PeerId, PeerId> ipfsIds =
        IntStream.range(0, PEERS)
            .boxed()
            .collect(Collectors.toMap(h::id, i -> h.peer(i).cluster().id().ipfs().id()));
    for (int i = 0; i < PEERS; i++) {
      List<PeerInfo> listed;
      try (Stream<PeerInfo> s = h.peer(i).cluster().peers()) {
        listed = s.toList();
      }
      assertThat(listed).extracting(PeerInfo::id).containsExactlyInAnyOrderElementsOf(all);
      for (PeerInfo p : listed) {
        assertThat(p.error()).isEmpty();
        assertThat(p.ipfs().id()).isEqualTo(ipfsIds.get(p.id()));
      }
    }
  }

  @Test
  void pin_fromRandomPeers_pinnedEverywhere_thenUnpinned_andUnpinAgainFails() throws Exception {
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Cid cid = addTo(random.nextInt(PEERS), 4_000 + random.nextInt(60_000));
      h.peer(random.nextInt(PEERS)).cluster().pin(cid, PinOptions.defaults());
      cids.add(cid);
    }
    for (Cid cid : cids) {
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  withStatus(
                          h.peer(random.nextInt(PEERS)).cluster().status(cid, false),
                          TrackerStatus.PINNED)
                      .equals(all));
    }

    for (Cid cid : cids) {
      h.peer(random.nextInt(PEERS)).cluster().unpin(cid);
    }
    for (Cid cid : cids) {
      for (int i = 0; i < PEERS; i++) {
        ClusterPeer peer = h.peer(i);
        await().atMost(CONVERGE).until(() -> !peer.consensus().state().has(cid));
      }
      assertThatThrownBy(() -> h.peer(random.nextInt(PEERS)).cluster().unpin(cid))
          .isInstanceOf(ClusterException.class)
          .hasMessage(ClusterException.NOT_IN_PINSET);
    }
  }

  @Test
  void statusAll_onePinWithAName_isPinnedOnEveryPeerUnderItsName() throws Exception {
    Cid cid = addTo(1, 20_000);
    h.peer(2).cluster().pin(cid, PinOptions.defaults().withName("status-all"));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info;
              try (Stream<GlobalPinInfo> s =
                  h.peer(0).cluster().statusAll(StatusFilter.ALL, false)) {
                info = s.filter(g -> g.cid().equals(cid)).findFirst().orElseThrow();
              }
              assertThat(info.name()).isEqualTo("status-all");
              assertThat(withStatus(info, TrackerStatus.PINNED)).isEqualTo(all);
            });
  }

  @Test
  void replicationOverall_factorOneBelowThePeers_pinnedOnAllButOneWhichIsRemote() throws Exception {
    Cid cid = addTo(3, 30_000);
    h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(PEERS - 1, PEERS - 1));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = h.peer(1).cluster().status(cid, false);
              assertThat(withStatus(info, TrackerStatus.PINNED)).hasSize(PEERS - 1);
              assertThat(withStatus(info, TrackerStatus.REMOTE)).hasSize(1);
              assertThat(info.allocations()).hasSize(PEERS - 1);
            });
  }

  @Test
  void pin_moreReplicasThanPeers_isNotEnoughPeers() throws Exception {
    Cid cid = addTo(0, 1_000);
    assertThatThrownBy(
            () ->
                h.peer(1)
                    .cluster()
                    .pin(cid, PinOptions.defaults().withReplication(PEERS + 1, PEERS + 1)))
        .hasMessageStartingWith(
            "not enough peers to allocate CID. Needed at least: " + (PEERS + 1));
  }

  @Test
  void repoGc_fromOnePeer_hasOneEntryPerPeer() {
    GlobalRepoGc gc = h.peer(2).cluster().repoGc(false);
    assertThat(gc.peerMap().keySet()).isEqualTo(all);
    assertThat(gc.peerMap().values()).allSatisfy(r -> assertThat(r.error()).isEmpty());
  }

  @Test
  void connectGraph_healthyCluster_isAFullMeshOfClusterPeers() {
    ConnectGraph graph = h.peer(3).cluster().connectGraph();
    assertThat(graph.clusterLinks().keySet()).isEqualTo(all);
    graph
        .clusterLinks()
        .forEach(
            (peer, links) ->
                assertThat(links)
                    .containsExactlyInAnyOrderElementsOf(
                        all.stream().filter(p -> !p.equals(peer)).toList()));
    assertThat(graph.clusterToIpfs().keySet()).isEqualTo(all);
    assertThat(graph.clusterTrustLinks().values()).containsOnly(true);
  }
}

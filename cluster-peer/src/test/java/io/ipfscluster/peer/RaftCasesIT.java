package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-peer cases of the original's {@code ipfscluster_test.go} (spec §9.2) with {@code
 * -consensus raft}, on one cluster of four whole Raft peers in this JVM ({@link RaftPeerSet}): Pin
 * and Unpin through a follower, ReplicationFactorMax, a factor between, NotEnoughPeers, and last
 * StatusAllWithErrors, which stops a peer. The other cases use their own CIDs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class RaftCasesIT {
  private static final int PEERS = 4;

  @TempDir static Path root;
  private RaftPeerSet set;
  private Set<PeerId> all;
  private final Random random = new Random(77);

  @BeforeAll
  void startCluster() throws IOException {
    set = new RaftPeerSet(root, Map.of());
    set.startCluster(PEERS);
    all = set.ids(PEERS);
  }

  @AfterAll
  void stopCluster() {
    if (set != null) {
      set.close();
    }
  }

  private Cid addTo(int peer, int size) throws IOException {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return set.addToNode(peer, data);
  }

  /**
   * Pins through {@code through} once the allocator has the metrics it needs (a peer just started
   * has not heard every other's yet).
   */
  private static void pin(ClusterPeer through, Cid cid, PinOptions options) {
    await()
        .atMost(RaftPeerSet.DEADLINE)
        .ignoreExceptions()
        .until(() -> through.cluster().pin(cid, options) != null);
  }

  private static Set<PeerId> withStatus(GlobalPinInfo info, TrackerStatus status) {
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == status)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  void pin_throughAFollower_isPinnedOnEveryPeer_thenUnpinned_andUnpinAgainFails() throws Exception {
    ClusterPeer follower = set.follower();
    List<Cid> cids = List.of(addTo(1, 30_000), addTo(2, 5_000), addTo(3, 70_000));

    for (Cid cid : cids) {
      pin(follower, cid, PinOptions.defaults());
    }
    for (Cid cid : cids) {
      for (int i = 0; i < PEERS; i++) {
        ClusterPeer p = set.peer(i);
        await()
            .atMost(RaftPeerSet.DEADLINE)
            .until(
                () -> withStatus(p.cluster().status(cid, false), TrackerStatus.PINNED),
                all::equals);
      }
    }

    for (Cid cid : cids) {
      follower.cluster().unpin(cid);
    }
    for (Cid cid : cids) {
      for (int i = 0; i < PEERS; i++) {
        // Read-your-writes: the follower's state has it at once; the others once applied.
        ClusterPeer p = set.peer(i);
        await().atMost(RaftPeerSet.DEADLINE).until(() -> !p.consensus().state().has(cid));
      }
      assertThatThrownBy(() -> set.leader().cluster().unpin(cid))
          .isInstanceOf(ClusterException.class)
          .hasMessage(ClusterException.NOT_IN_PINSET);
    }
  }

  @Test
  @Order(2)
  void replicationFactorMax_minOneMaxOneBelowThePeers_allocatesThatMany_oneRemote()
      throws Exception {
    Cid cid = addTo(0, 40_000);

    pin(set.follower(), cid, PinOptions.defaults().withReplication(1, PEERS - 1));

    await()
        .atMost(RaftPeerSet.DEADLINE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = set.peer(2).cluster().status(cid, false);
              assertThat(info.allocations()).hasSize(PEERS - 1);
              assertThat(withStatus(info, TrackerStatus.PINNED))
                  .containsExactlyInAnyOrderElementsOf(info.allocations());
              assertThat(withStatus(info, TrackerStatus.REMOTE)).hasSize(1);
            });
  }

  @Test
  @Order(3)
  void replicationFactor_twoOfFour_isPinnedOnTwoPeers_andTheOthersSeeItRemote() throws Exception {
    Cid cid = addTo(3, 10_000);

    pin(set.peer(1), cid, PinOptions.defaults().withReplication(2, 2));

    await()
        .atMost(RaftPeerSet.DEADLINE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = set.peer(0).cluster().status(cid, false);
              assertThat(info.allocations()).hasSize(2);
              assertThat(withStatus(info, TrackerStatus.PINNED))
                  .containsExactlyInAnyOrderElementsOf(info.allocations());
              assertThat(withStatus(info, TrackerStatus.REMOTE)).hasSize(PEERS - 2);
            });
    // Every peer applied the same allocations.
    for (int i = 0; i < PEERS; i++) {
      ClusterPeer p = set.peer(i);
      await()
          .atMost(RaftPeerSet.DEADLINE)
          .until(() -> p.cluster().pinGet(cid).allocations().size() == 2);
    }
  }

  @Test
  @Order(4)
  void pin_moreReplicasThanPeers_isNotEnoughPeers_andNothingIsCommitted() throws Exception {
    Cid cid = addTo(0, 1_000);

    assertThatThrownBy(
            () ->
                set.follower()
                    .cluster()
                    .pin(cid, PinOptions.defaults().withReplication(PEERS + 1, PEERS + 1)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("not enough peers to allocate");
    for (int i = 0; i < PEERS; i++) {
      assertThat(set.peer(i).consensus().state().has(cid)).isFalse();
    }
  }

  @Test
  @Order(100) // stops a peer: last
  void statusAll_withAStoppedPeer_hasAClusterErrorEntryWithItsCachedNameAndIpfsId()
      throws Exception {
    Cid cid = addTo(2, 25_000);
    pin(set.peer(0), cid, PinOptions.defaults().withName("with-errors"));
    await()
        .atMost(RaftPeerSet.DEADLINE)
        .until(
            () -> withStatus(set.peer(0).cluster().status(cid, false), TrackerStatus.PINNED),
            all::equals);
    int down = PEERS - 1;
    PeerId downId = set.id(down);
    PeerId downIpfs = set.peer(down).cluster().id().ipfs().id();

    set.peer(down).close();

    // A stopped Raft peer is still a voter: it stays in the list, with an error.
    for (int i = 0; i < down; i++) {
      List<GlobalPinInfo> listed;
      try (Stream<GlobalPinInfo> s = set.peer(i).cluster().statusAll(StatusFilter.ALL, false)) {
        listed = s.toList();
      }
      GlobalPinInfo info =
          listed.stream().filter(g -> g.cid().equals(cid)).findFirst().orElseThrow();
      assertThat(info.name()).isEqualTo("with-errors");
      assertThat(info.peerMap()).containsOnlyKeys(all);
      PinInfoShort error = info.peerMap().get(downId);
      assertThat(error.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
      assertThat(error.error()).isNotEmpty();
      assertThat(error.peerName()).isEqualTo("peer-" + down);
      assertThat(error.ipfsPeerId()).isEqualTo(downIpfs);
      assertThat(withStatus(info, TrackerStatus.PINNED)).hasSize(PEERS - 1);
    }
  }
}

package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole peers with {@code consensus.raft} in this JVM (spec §9.2 peer_manager cases, raft variant):
 * the first bootstraps alone, the others start as staging peers and join through it ({@code daemon
 * --bootstrap}); peers are removed, by another peer or by themselves, and a removed peer shuts
 * down.
 */
@Timeout(180)
class RaftPeerIT {
  private static final Duration DEADLINE = RaftPeerSet.DEADLINE;

  @TempDir Path root;
  private RaftPeerSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  private void startCluster(int n) throws Exception {
    set = new RaftPeerSet(root, Map.of());
    set.startCluster(n);
  }

  private static boolean has(ClusterPeer p, Cid cid) {
    try {
      p.cluster().pinGet(cid);
      return true;
    } catch (ClusterException e) {
      return false;
    }
  }

  private static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  @Test
  void join_ofStagingPeers_addsThemThroughTheLeader_andPinsReachEveryPeer() throws Exception {
    startCluster(3);

    set.peer(2).cluster().pin(cid(1), PinOptions.defaults());
    set.peer(0).cluster().pin(cid(2), PinOptions.defaults());
    for (int i = 0; i < 3; i++) {
      ClusterPeer p = set.peer(i);
      await().atMost(DEADLINE).until(() -> has(p, cid(1)) && has(p, cid(2)));
    }
  }

  @Test
  void peerRemove_ofAnotherPeer_shrinksTheGroup_andTheRemovedPeerShutsDown() throws Exception {
    startCluster(3);
    ClusterPeer removed = set.peer(2);

    set.peer(0).cluster().peerRemove(removed.id());

    await().atMost(DEADLINE).until(removed::hasStopped);
    assertThat(set.folder(2).resolve("raft.old.0")).isDirectory();
    assertThat(set.folder(2).resolve("raft")).doesNotExist();
    for (int i = 0; i < 2; i++) {
      ClusterPeer p = set.peer(i);
      await().atMost(DEADLINE).until(() -> RaftPeerSet.consensusPeers(p).equals(set.ids(2)));
    }
    set.peer(1).cluster().pin(cid(3), PinOptions.defaults());
    await().atMost(DEADLINE).until(() -> has(set.peer(0), cid(3)));
  }

  @Test
  void peerRemove_whileThePeerIsDown_shutsItDownWhenItComesBack() throws Exception {
    startCluster(3);
    PeerId removedId = set.id(2);
    set.peer(2).close();

    set.peer(0).cluster().peerRemove(removedId);
    // It never receives the entry that removed it, and the members refuse its Raft connections.
    ClusterPeer back = set.restart(2);

    await().atMost(DEADLINE).until(back::hasStopped);
    assertThat(set.folder(2).resolve("raft.old.0")).isDirectory();
  }

  @Test
  void peerRemove_ofThemselvesOneByOne_leavesTheLastPeer_whichCannotRemoveItself()
      throws Exception {
    startCluster(3);
    // The leader first (PeerRemoveLeader), then another (PeerRemoveSelf).
    for (int round = 0; round < 2; round++) {
      ClusterPeer leaving = set.leader();
      leaving.cluster().peerRemove(leaving.id());
      await().atMost(DEADLINE).until(leaving::hasStopped);
    }
    ClusterPeer last =
        IntStream.range(0, 3)
            .mapToObj(set::peer)
            .filter(p -> !p.hasStopped())
            .findFirst()
            .orElseThrow();
    await()
        .atMost(DEADLINE)
        .until(() -> RaftPeerSet.consensusPeers(last).equals(Set.of(last.id())));
    assertThatThrownBy(() -> last.cluster().peerRemove(last.id()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cannot remove ourselves from a 1-peer cluster");
  }
}

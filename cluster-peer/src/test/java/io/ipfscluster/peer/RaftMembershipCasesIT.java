package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft membership cases of the original's {@code peer_manager_test.go} (spec §9.2) not in {@link
 * RaftPeerIT}: PeerAddInUnhealthyCluster, and peers that leave on shutdown ({@code
 * cluster.leave_on_shutdown}), down to the last one, which cannot.
 */
@Timeout(240)
class RaftMembershipCasesIT {
  @TempDir Path root;
  private RaftPeerSet set;

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  @Test
  void peerAdd_inAClusterThatLostItsQuorum_fails_andTheVotersStayAsTheyWere() throws Exception {
    set = new RaftPeerSet(root, Map.of("CLUSTER_RAFT_WAITFORLEADERTIMEOUT", "5s"));
    set.startCluster(2);
    ClusterPeer first = set.peer(0);
    set.peer(1).close(); // one of two voters: no majority left
    // The leader steps down once it has not heard from a majority (were it still leading, it
    // would append the change, uncommitted, and list the newcomer among its peers meanwhile).
    await().atMost(RaftPeerSet.DEADLINE).until(() -> !hasLeader(first));
    ClusterPeer newcomer = set.start(true);

    // As daemon --bootstrap: the join is refused, after wait_for_leader_timeout.
    assertThat(set.join(2, 0)).isZero();
    // As PeerAdd on the remaining peer, which now knows the newcomer's address.
    assertThatThrownBy(() -> first.cluster().peerAdd(newcomer.id()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("raft cannot add " + newcomer.id())
        .hasMessageContaining("not committed within consensus.raft.wait_for_leader_timeout (PT5S");

    assertThat(first.consensus().peers()).containsExactlyInAnyOrder(set.id(0), set.id(1));
    assertThat(newcomer.consensus().peers()).doesNotContain(newcomer.id());
  }

  private static boolean hasLeader(ClusterPeer p) {
    try {
      p.consensus().leader();
      return true;
    } catch (ClusterException e) {
      return false;
    }
  }

  @Test
  void leaveOnShutdown_stoppedPeersLeaveTheGroup_andTheLastOneStaysWithItsState() throws Exception {
    set = new RaftPeerSet(root, Map.of("CLUSTER_LEAVEONSHUTDOWN", "true"));
    set.startCluster(3);
    Cid cid = set.addToNode(0, new byte[] {1, 2, 3});
    set.peer(1).cluster().pin(cid, PinOptions.defaults());
    await().atMost(RaftPeerSet.DEADLINE).until(() -> set.peer(2).consensus().state().has(cid));

    set.peer(2).close();

    for (int i = 0; i < 2; i++) {
      ClusterPeer p = set.peer(i);
      await()
          .atMost(RaftPeerSet.DEADLINE)
          .until(() -> RaftPeerSet.consensusPeers(p).equals(set.ids(2)));
    }
    // It left: its Raft data is moved aside, as a removed peer's.
    assertThat(set.folder(2).resolve("raft.old.0")).isDirectory();

    set.peer(1).close();

    ClusterPeer last = set.peer(0);
    await()
        .atMost(RaftPeerSet.DEADLINE)
        .until(() -> RaftPeerSet.consensusPeers(last).equals(Set.of(last.id())));
    // Alone, it is a majority of its group: writes go on.
    Cid after = set.addToNode(0, new byte[] {4, 5, 6});
    last.cluster().pin(after, PinOptions.defaults());

    PeerId lastId = last.id();
    last.close(); // cannot leave a 1-peer cluster: logged, its Raft data stays

    assertThat(set.folder(0).resolve("raft")).isDirectory();
    assertThat(set.folder(0).resolve("raft.old.0")).doesNotExist();
    ClusterPeer back = set.restart(0);
    back.consensus().waitForSync(RaftPeerSet.DEADLINE);
    assertThat(back.consensus().peers()).containsExactly(lastId);
    assertThat(back.consensus().state().has(cid)).isTrue();
    assertThat(back.consensus().state().has(after)).isTrue();
  }
}

package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pinset hooks of Raft peers: the replaced pin, commit order, off Ratis's apply thread. */
@Timeout(120)
class RaftHooksIT {
  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pin named(int i, String name) {
    return Pin.of(cid(i), PinOptions.defaults().withName(name));
  }

  @Test
  void hooks_getTheReplacedPin_inCommitOrder_onEveryPeer() {
    cluster = new RaftCluster(root, 3, c -> c);
    cluster.startAll();
    RaftCluster.Member leader = cluster.awaitLeader();
    RaftCluster.Member follower = cluster.aFollower(leader);

    follower.consensus.logPin(named(1, "a"));
    leader.consensus.logPin(named(1, "b"));
    follower.consensus.logPin(named(1, "b")); // the same pin again: no change, no hook
    follower.consensus.logUnpin(named(1, "b"));
    leader.consensus.logPin(named(1, "c"));

    List<String> expected =
        List.of(
            "put a replaced null", "put b replaced a", "delete " + cid(1), "put c replaced null");
    for (RaftCluster.Member m : cluster.members()) {
      await().atMost(RaftCluster.DEADLINE).until(() -> m.changes.size() >= expected.size());
      assertThat(m.changes).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aBlockedHook_onOnePeer_doesNotHoldBackItsApplies_andItsHooksRunInOrderLater()
      throws Exception {
    cluster = new RaftCluster(root, 3, c -> c);
    cluster.startAll();
    RaftCluster.Member leader = cluster.awaitLeader();
    RaftCluster.Member follower = cluster.aFollower(leader);
    CountDownLatch gate = new CountDownLatch(1);
    follower.beforeHook =
        () -> {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };

    for (int i = 0; i < 20; i++) {
      leader.consensus.logPin(pin(i));
    }

    // Ratis's apply thread went on: the state has every pin while the first hook still waits.
    await().atMost(RaftCluster.DEADLINE).until(() -> follower.consensus.state().has(cid(19)));
    assertThat(follower.changes).isEmpty();
    gate.countDown();
    await().atMost(RaftCluster.DEADLINE).until(() -> follower.changes.size() == 20);
    for (int i = 0; i < 20; i++) {
      assertThat(follower.changes.get(i)).isEqualTo("put pin " + i + " replaced null");
    }
  }
}

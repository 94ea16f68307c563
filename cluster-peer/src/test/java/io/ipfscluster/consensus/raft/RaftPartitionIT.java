package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static io.ipfscluster.consensus.raft.RaftTestPeers.cids;
import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition fault of issue 7: five Raft peers split into two and three ({@link RaftPartition}
 * drops the Raft traffic between the sides). The minority cannot commit, the majority can, and once
 * the partition heals all five hold the majority's state.
 */
@Timeout(180)
class RaftPartitionIT {
  private static final Duration WAIT_FOR_LEADER = Duration.ofSeconds(3);

  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The leader that every member of {@code side} names, once they agree on one among them. */
  private static RaftCluster.Member leaderAmong(List<RaftCluster.Member> side) {
    Set<PeerId> ids = side.stream().map(RaftCluster.Member::id).collect(Collectors.toSet());
    PeerId leader =
        await()
            .atMost(RaftCluster.DEADLINE)
            .ignoreExceptions()
            .until(
                () -> {
                  Set<PeerId> named =
                      side.stream().map(m -> m.consensus.leader()).collect(Collectors.toSet());
                  return named.size() == 1 && ids.containsAll(named)
                      ? named.iterator().next()
                      : null;
                },
                l -> l != null);
    return side.stream().filter(m -> m.id().equals(leader)).findFirst().orElseThrow();
  }

  @Test
  void partitionTwoAndThree_minorityRejectsWrites_majorityGoesOn_healedAllFiveAgree() {
    cluster = new RaftCluster(root, 5, c -> RaftTestPeers.givingUpAfter(c, WAIT_FOR_LEADER));
    RaftPartition partition = new RaftPartition();
    cluster.members().forEach(m -> m.transport = partition.at(m.id()));
    cluster.startAll();
    RaftCluster.Member oldLeader = cluster.awaitLeader();
    oldLeader.consensus.logPin(pin(1));
    for (RaftCluster.Member m : cluster.members()) {
      await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).contains(cid(1)));
    }
    // The leader lands in the minority: the majority must elect another.
    List<RaftCluster.Member> minority = List.of(oldLeader, cluster.aFollower(oldLeader));
    List<RaftCluster.Member> majority =
        cluster.members().stream().filter(m -> !minority.contains(m)).toList();

    partition.split(minority.stream().map(RaftCluster.Member::id).collect(Collectors.toSet()));

    for (RaftCluster.Member m : minority) {
      assertThatThrownBy(() -> m.consensus.logPin(pin(10 + minority.indexOf(m))))
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("Raft commit failed")
          .hasMessageContaining("wait_for_leader_timeout is " + WAIT_FOR_LEADER);
    }
    RaftCluster.Member newLeader = leaderAmong(majority);
    assertThat(newLeader).isNotSameAs(oldLeader);
    for (int i = 0; i < majority.size(); i++) {
      majority.get(i).consensus.logPin(pin(20 + i));
    }
    majority.get(0).consensus.logUnpin(pin(1));
    Set<io.ipfscluster.multiformats.Cid> expected = Set.of(cid(20), cid(21), cid(22));
    for (RaftCluster.Member m : majority) {
      await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).equals(expected));
    }
    for (RaftCluster.Member m : minority) {
      assertThat(cids(m.consensus)).containsExactly(cid(1));
    }

    partition.heal();

    // The minority's uncommitted entries give way to the majority's log.
    for (RaftCluster.Member m : cluster.members()) {
      await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).equals(expected));
    }
    RaftCluster.Member leader = cluster.awaitLeader();
    minority.getLast().consensus.logPin(pin(30));
    for (RaftCluster.Member m : cluster.members()) {
      await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).contains(cid(30)));
    }
    assertThat(leader.running()).isTrue();
  }
}

package io.ipfscluster.peer;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.consensus.raft.RaftConsensus;
import io.ipfscluster.consensus.raft.RaftFolder;
import io.ipfscluster.consensus.raft.RaftVoters;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.rpc.RemoteCluster;
import io.ipfscluster.net.rpc.RemoteRaftVoters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Raft peer does about its own membership, beyond the consensus (spec §1.2, §8.9): joins the
 * cluster through another peer ({@code Cluster.PeerAdd} there, which the leader carries out, then
 * waits for the state), notices that it has been removed (then the peer shuts down and its Raft
 * folder is moved aside, so that it cannot come back with a stale log), and leaves the cluster on
 * shutdown when {@code cluster.leave_on_shutdown} says so.
 *
 * <p>Thread-safe.
 */
final class RaftMembership {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  /** How much longer than {@code wait_for_leader_timeout} a joining peer waits to be in sync. */
  static final Duration SYNC_MARGIN = Duration.ofSeconds(5);

  /** The longest pause between two requests to be added while joining. */
  static final Duration JOIN_PAUSE_MAX = Duration.ofSeconds(2);

  private final RaftConsensus consensus;
  private final RaftConfig config;
  private final Path configDir;
  private final PeerId self;
  private final String logId;
  private final boolean leaveOnShutdown;
  private final AtomicBoolean removed = new AtomicBoolean();
  private volatile boolean wasMember;
  private long leaderlessSince; // System.nanoTime(); 0 while a leader is known; watch thread only

  RaftMembership(
      RaftConsensus consensus,
      RaftConfig config,
      Path configDir,
      PeerId self,
      boolean leaveOnShutdown) {
    this.consensus = consensus;
    this.config = config;
    this.configDir = configDir;
    this.self = self;
    this.logId = self.shortString();
    this.leaveOnShutdown = leaveOnShutdown;
  }

  /**
   * Asks {@code through} (already connected) to add this peer to the Raft group, then waits until
   * this peer has caught up with the cluster's state.
   *
   * @throws ClusterException when the other peer or the leader refuses or the wait times out
   */
  void join(PeerNetwork network, PeerId through) {
    // The leader adds the peer, which must catch up first: allow for the wait for a leader, the
    // catch-up and the network round trips.
    Duration timeout = config.waitForLeaderTimeout().plus(config.networkTimeout().multipliedBy(2));
    RemoteCluster cluster = new RemoteCluster(network.channel(through), through, timeout);
    // A peer that just started may not have reached the leader, nor the leader learnt this peer's
    // addresses (and so its Raft endpoint): ask again, a little later each time, within the wait
    // for a leader.
    long deadline = System.nanoTime() + config.waitForLeaderTimeout().toNanos();
    Duration pause = Duration.ofMillis(250);
    while (true) {
      try {
        cluster.peerAdd();
        break;
      } catch (RuntimeException e) {
        if (System.nanoTime() + pause.toNanos() > deadline) {
          throw e;
        }
        log.info("{} not added yet through {} ({}); asking again", logId, through, e.getMessage());
        sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(JOIN_PAUSE_MAX) > 0
                ? JOIN_PAUSE_MAX
                : pause.multipliedBy(2);
      }
    }
    consensus.waitForSync(config.waitForLeaderTimeout().plus(SYNC_MARGIN));
    wasMember = true;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException(ClusterException.Kind.FAILED, "interrupted while joining", e);
    }
  }

  /**
   * Checks every {@code interval} whether this peer is still a voter; once it was one and is no
   * more, runs {@code shutdown} on a thread of its own (spec §1.2 {@code watchPeers}).
   *
   * <p>The entry that removes a peer may never reach it: the leader stops replicating to a peer
   * once a configuration without it is committed, and the other members refuse its Raft
   * connections. So a member that has heard from no leader for {@code wait_for_leader_timeout} also
   * asks the other voters it knows, over {@code network}, for their committed configuration: a
   * newer one without this peer means it was removed.
   */
  void watch(
      ScheduledExecutorService loops, Duration interval, PeerNetwork network, Runnable shutdown) {
    loops.scheduleWithFixedDelay(
        () -> check(network, shutdown),
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void check(PeerNetwork network, Runnable shutdown) {
    if (consensus.peers().contains(self) && !removedByNewerConfiguration(network)) {
      wasMember = true;
      return;
    }
    if (wasMember && removed.compareAndSet(false, true)) {
      log.warn("{} this peer has been removed from the cluster and will shut down", logId);
      Thread.ofPlatform().name(logId + "-removed").start(shutdown);
    }
  }

  /**
   * After {@code wait_for_leader_timeout} without a leader: whether another voter has committed a
   * newer configuration that leaves this peer out.
   */
  private boolean removedByNewerConfiguration(PeerNetwork network) {
    if (hasLeader()) {
      leaderlessSince = 0;
      return false;
    }
    long now = System.nanoTime();
    if (leaderlessSince == 0) {
      leaderlessSince = now;
    }
    if (now - leaderlessSince < config.waitForLeaderTimeout().toNanos()) {
      return false;
    }
    RaftVoters own = consensus.voters();
    for (PeerId other : own.peers()) {
      if (other.equals(self)) {
        continue;
      }
      try {
        RaftVoters theirs =
            RemoteRaftVoters.of(network.channel(other), other, config.networkTimeout());
        if (theirs.index() > own.index() && !theirs.peers().contains(self)) {
          log.warn(
              "{} {} has a newer Raft configuration (entry {}, ours {}) without this peer",
              logId,
              other,
              theirs.index(),
              own.index());
          return true;
        }
      } catch (RuntimeException e) {
        log.debug("{} cannot ask {} for its Raft configuration: {}", logId, other, e.getMessage());
      }
    }
    return false;
  }

  private boolean hasLeader() {
    try {
      consensus.leader();
      return true;
    } catch (ClusterException e) {
      return false;
    }
  }

  /** Whether this peer noticed that it was removed from the Raft group. */
  boolean removed() {
    return removed.get();
  }

  /**
   * Before the consensus stops: with {@code leave_on_shutdown}, removes this peer from the group
   * (the last peer cannot; that is logged).
   */
  void leaveIfConfigured() {
    if (!leaveOnShutdown || removed.get()) {
      return;
    }
    try {
      consensus.removePeer(self);
      removed.set(true);
      log.info("{} left the cluster (leave_on_shutdown)", logId);
    } catch (RuntimeException e) {
      log.warn("{} cannot leave the cluster on shutdown: {}", logId, e.getMessage());
    }
  }

  /**
   * After the consensus stopped: a removed peer moves its Raft folder aside (as the original's
   * {@code Clean}), so that a restart starts afresh instead of with a stale group.
   */
  void cleanIfRemoved() {
    if (!removed.get()) {
      return;
    }
    try {
      if (RaftFolder.backUp(config, configDir)) {
        log.info(
            "{} Raft data of the removed peer moved aside to {}",
            logId,
            config.dataFolder(configDir).getFileName() + ".old.0");
      }
    } catch (IOException e) {
      log.warn("{} cannot move the Raft data aside: {}", logId, e.toString());
    }
  }
}

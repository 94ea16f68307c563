package io.ipfscluster.consensus.raft;

import io.ipfscluster.config.RaftConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.retry.ExceptionDependentRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/**
 * Maps the {@code consensus.raft} section, whose keys tuned hashicorp/raft in the original, onto
 * Apache Ratis settings. Stateless and thread-safe.
 */
final class RaftSettings {
  /*
   * hashicorp/raft key       -> Ratis setting (why)
   *
   * heartbeat_timeout        -> rpc.timeout.min. In hashicorp/raft it is how long a follower
   *                             waits without hearing from the leader before it stands for
   *                             election, randomized in [t, 2t]; Ratis draws its election timeout
   *                             from [min, max] and the leader sends heartbeats every min/2.
   * election_timeout         -> rpc.timeout.max = heartbeat_timeout + election_timeout. Ratis has
   *                             one randomized timeout for followers and candidates; with the
   *                             defaults (1s, 1s) the range is hashicorp's [1s, 2s].
   * leader_lease_timeout     -> read.leader.lease.timeout.ratio = lease / heartbeat_timeout (Ratis
   *                             expresses the lease as a fraction of rpc.timeout.min). Lease reads
   *                             stay off: reads are served from the local state, as the original.
   * network_timeout          -> rpc.request.timeout (server to server) and the client's request
   *                             timeout.
   * max_append_entries       -> log.appender.buffer.element-limit (entries per AppendEntries).
   * snapshot_threshold       -> snapshot.auto.trigger.threshold (a snapshot every that many
   *                             applied entries), with auto-trigger on; plus a snapshot at stop.
   * trailing_logs            -> log.purge.preservation.log.num (entries kept behind a snapshot,
   *                             for followers that lag a little), purging up to the snapshot.
   * wait_for_leader_timeout  -> the client's retry policy: redirected or failed requests retry
   *                             every LEADER_POLL until the timeout (awaitReady and waitForSync
   *                             take their caller's timeout; the original's peer waits this + 5s).
   * commit_retries, _delay   -> our own loop around a failed group commit (RaftConsensus).
   *
   * No equivalent:
   * commit_timeout           -> hashicorp/raft's batching pause before an idle heartbeat; Ratis
   *                             sends entries as soon as they are appended (its appender waits
   *                             log.appender.wait-time.min, default 10ms, between empty polls).
   * snapshot_interval        -> hashicorp/raft checks the threshold every interval; Ratis checks
   *                             it after every applied entry, which only snapshots sooner.
   * backups_rotate           -> used by state cleanup (backups of the raft folder), not by Ratis.
   */

  /** How often a client retries while no leader is known. */
  static final Duration LEADER_POLL = Duration.ofMillis(100);

  /** Snapshot files kept, as the original's RaftMaxSnapshots. */
  static final int SNAPSHOTS_KEPT = 5;

  private static final long PURGE_GAP_MAX = 1024;

  private RaftSettings() {}

  /** The server's properties: storage under {@code folder}, gRPC on {@code port}. */
  static RaftProperties server(RaftConfig config, Path folder, int port) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setPort(p, port);
    RaftServerConfigKeys.setStorageDir(p, List.of(folder.toFile()));

    Duration min = config.heartbeatTimeout();
    Duration max = config.heartbeatTimeout().plus(config.electionTimeout());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, time(min));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, time(max));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, time(min));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, time(max));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, time(config.networkTimeout()));
    RaftServerConfigKeys.Read.setLeaderLeaseTimeoutRatio(
        p, config.leaderLeaseTimeout().toNanos() / (double) min.toNanos());
    RaftServerConfigKeys.Log.Appender.setBufferElementLimit(p, config.maxAppendEntries());

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, config.snapshotThreshold() > 0);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(
        p, Math.max(1, config.snapshotThreshold()));
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, SNAPSHOTS_KEPT);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // Ratis purges only when this many entries can go (default 1024): not more than a snapshot's.
    RaftServerConfigKeys.Log.setPurgeGap(
        p, (int) Math.max(1, Math.min(PURGE_GAP_MAX, config.snapshotThreshold())));
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, config.trailingLogs());
    return p;
  }

  /** The client's properties. */
  static RaftProperties client(RaftConfig config) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, time(config.networkTimeout()));
    return p;
  }

  /**
   * Retries every {@link #LEADER_POLL} for about {@code wait_for_leader_timeout}, except a
   * configuration change that the leader gave up on (the new peer did not catch up): retrying it
   * would only wait for the same peer again.
   */
  static RetryPolicy retryPolicy(RaftConfig config) {
    int attempts =
        (int) Math.max(1, config.waitForLeaderTimeout().toMillis() / LEADER_POLL.toMillis());
    return ExceptionDependentRetry.newBuilder()
        .setDefaultPolicy(
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, time(LEADER_POLL)))
        .setExceptionToPolicy(ReconfigurationTimeoutException.class, RetryPolicies.noRetry())
        .setMaxAttempts(attempts)
        .build();
  }

  static TimeDuration time(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}

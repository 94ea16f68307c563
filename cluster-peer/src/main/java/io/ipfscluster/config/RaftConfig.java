package io.ipfscluster.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code consensus.raft}: the Raft consensus. The keys are the original's (which tuned
 * hashicorp/raft) so existing files load; the Raft implementation maps them to its own settings.
 * The hidden keys {@code data_folder} (default {@code <config folder>/raft}) and {@code
 * datastore_namespace} are read when present and written only when set.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path of a
 * value that breaks the rules (including hashicorp/raft's own limits on the timeouts).
 */
public record RaftConfig(
    String dataFolder,
    List<String> initPeerset,
    Duration waitForLeaderTimeout,
    Duration networkTimeout,
    int commitRetries,
    Duration commitRetryDelay,
    int backupsRotate,
    String datastoreNamespace,
    Duration heartbeatTimeout,
    Duration electionTimeout,
    Duration commitTimeout,
    int maxAppendEntries,
    long trailingLogs,
    Duration snapshotInterval,
    long snapshotThreshold,
    Duration leaderLeaseTimeout)
    implements ConsensusConfig {
  static final String KEY = "raft";
  static final String PATH = "consensus.raft";
  private static final String DEFAULT_DATA_SUBFOLDER = "raft";
  private static final String DEFAULT_DATASTORE_NAMESPACE = "/r";
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(5);

  public RaftConfig {
    initPeerset = List.copyOf(initPeerset);
    Require.peerIds(PATH + ".init_peerset", initPeerset);
    Require.positive(PATH + ".wait_for_leader_timeout", waitForLeaderTimeout);
    Require.positive(PATH + ".network_timeout", networkTimeout);
    Require.notNegative(PATH + ".commit_retries", commitRetries);
    Require.positive(PATH + ".commit_retry_delay", commitRetryDelay);
    Require.positive(PATH + ".backups_rotate", backupsRotate);
    Require.that(
        datastoreNamespace.startsWith("/"),
        PATH + ".datastore_namespace",
        "must start with '/'",
        datastoreNamespace);
    Require.atLeast(PATH + ".heartbeat_timeout", MIN_TIMEOUT, heartbeatTimeout);
    Require.atLeast(PATH + ".election_timeout", heartbeatTimeout, electionTimeout);
    Require.atLeast(PATH + ".commit_timeout", Duration.ofMillis(1), commitTimeout);
    Require.that(
        maxAppendEntries > 0 && maxAppendEntries <= 1024,
        PATH + ".max_append_entries",
        "must be between 1 and 1024",
        maxAppendEntries);
    Require.notNegative(PATH + ".trailing_logs", trailingLogs);
    Require.atLeast(PATH + ".snapshot_interval", MIN_TIMEOUT, snapshotInterval);
    Require.notNegative(PATH + ".snapshot_threshold", snapshotThreshold);
    Require.atLeast(PATH + ".leader_lease_timeout", MIN_TIMEOUT, leaderLeaseTimeout);
    Require.that(
        leaderLeaseTimeout.compareTo(heartbeatTimeout) <= 0,
        PATH + ".leader_lease_timeout",
        "must be <= heartbeat_timeout",
        null);
  }

  /** The values the original's {@code init} writes (hashicorp/raft's defaults for the timeouts). */
  public static RaftConfig defaults() {
    return new RaftConfig(
        "",
        List.of(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        1,
        Duration.ofMillis(200),
        6,
        DEFAULT_DATASTORE_NAMESPACE,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(50),
        64,
        10240,
        Duration.ofMinutes(2),
        8192,
        Duration.ofMillis(500));
  }

  @Override
  public String key() {
    return KEY;
  }

  /** The Raft data folder: {@code data_folder} resolved against the folder, or {@code raft/}. */
  public Path dataFolder(Path configDir) {
    return configDir.resolve(dataFolder.isEmpty() ? DEFAULT_DATA_SUBFOLDER : dataFolder);
  }

  /** This configuration starting with the given peer IDs as the initial peer set. */
  public RaftConfig withInitPeerset(List<String> peerIds) {
    return new RaftConfig(
        dataFolder,
        peerIds,
        waitForLeaderTimeout,
        networkTimeout,
        commitRetries,
        commitRetryDelay,
        backupsRotate,
        datastoreNamespace,
        heartbeatTimeout,
        electionTimeout,
        commitTimeout,
        maxAppendEntries,
        trailingLogs,
        snapshotInterval,
        snapshotThreshold,
        leaderLeaseTimeout);
  }

  static RaftConfig read(SectionReader r) {
    RaftConfig d = defaults();
    return new RaftConfig(
        r.string("data_folder", d.dataFolder),
        r.strings("init_peerset", d.initPeerset),
        r.duration("wait_for_leader_timeout", d.waitForLeaderTimeout),
        r.duration("network_timeout", d.networkTimeout),
        r.integer("commit_retries", d.commitRetries),
        r.duration("commit_retry_delay", d.commitRetryDelay),
        r.count("backups_rotate", d.backupsRotate),
        r.string("datastore_namespace", d.datastoreNamespace),
        r.duration("heartbeat_timeout", d.heartbeatTimeout),
        r.duration("election_timeout", d.electionTimeout),
        r.duration("commit_timeout", d.commitTimeout),
        r.count("max_append_entries", d.maxAppendEntries),
        r.countLong("trailing_logs", d.trailingLogs),
        r.duration("snapshot_interval", d.snapshotInterval),
        r.countLong("snapshot_threshold", d.snapshotThreshold),
        r.duration("leader_lease_timeout", d.leaderLeaseTimeout));
  }

  void write(SectionWriter w) {
    if (!dataFolder.isEmpty()) {
      w.put("data_folder", dataFolder);
    }
    w.put("init_peerset", initPeerset)
        .put("wait_for_leader_timeout", waitForLeaderTimeout)
        .put("network_timeout", networkTimeout)
        .put("commit_retries", commitRetries)
        .put("commit_retry_delay", commitRetryDelay)
        .put("backups_rotate", backupsRotate);
    if (!datastoreNamespace.equals(DEFAULT_DATASTORE_NAMESPACE)) {
      w.put("datastore_namespace", datastoreNamespace);
    }
    w.put("heartbeat_timeout", heartbeatTimeout)
        .put("election_timeout", electionTimeout)
        .put("commit_timeout", commitTimeout)
        .put("max_append_entries", maxAppendEntries)
        .put("trailing_logs", trailingLogs)
        .put("snapshot_interval", snapshotInterval)
        .put("snapshot_threshold", snapshotThreshold)
        .put("leader_lease_timeout", leaderLeaseTimeout);
  }
}

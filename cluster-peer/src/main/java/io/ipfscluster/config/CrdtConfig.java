package io.ipfscluster.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code consensus.crdt}: the Merkle-CRDT consensus. Updates are accepted only from {@code
 * trusted_peers}; {@code "*"} trusts every peer. The hidden keys {@code rebroadcast_interval},
 * {@code peerset_metric} and {@code datastore_namespace} are read when present and written only
 * when they differ from their defaults.
 *
 * <p>As in the original, a section without {@code trusted_peers} trusts nobody: trust-all holds
 * only when {@code "*"} is listed.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path of a
 * value that breaks the rules.
 */
public record CrdtConfig(
    String clusterName,
    List<String> trustedPeers,
    CrdtBatchingConfig batching,
    Duration repairInterval,
    Duration rebroadcastInterval,
    String peersetMetric,
    String datastoreNamespace)
    implements ConsensusConfig {
  static final String KEY = "crdt";
  static final String PATH = "consensus.crdt";
  static final String TRUST_ALL = "*";

  private static final Duration DEFAULT_REBROADCAST_INTERVAL = Duration.ofMinutes(1);
  private static final String DEFAULT_PEERSET_METRIC = "ping";
  private static final String DEFAULT_DATASTORE_NAMESPACE = "/c";

  public CrdtConfig {
    trustedPeers =
        trustedPeers.contains(TRUST_ALL) ? List.of(TRUST_ALL) : List.copyOf(trustedPeers);
    if (!trustedPeers.contains(TRUST_ALL)) {
      Require.peerIds(PATH + ".trusted_peers", trustedPeers);
    }
    Require.notEmpty(PATH + ".cluster_name", clusterName);
    Require.notNegative(PATH + ".repair_interval", repairInterval); // 0 disables repair
    Require.positive(PATH + ".rebroadcast_interval", rebroadcastInterval);
    Require.notEmpty(PATH + ".peerset_metric", peersetMetric);
    Require.that(
        datastoreNamespace.startsWith("/"),
        PATH + ".datastore_namespace",
        "must start with '/'",
        datastoreNamespace);
  }

  /** cluster_name "ipfs-cluster", trusting every peer, no batching, repair every hour. */
  public static CrdtConfig defaults() {
    return new CrdtConfig(
        "ipfs-cluster",
        List.of(TRUST_ALL),
        CrdtBatchingConfig.defaults(),
        Duration.ofHours(1),
        DEFAULT_REBROADCAST_INTERVAL,
        DEFAULT_PEERSET_METRIC,
        DEFAULT_DATASTORE_NAMESPACE);
  }

  @Override
  public String key() {
    return KEY;
  }

  /** Whether updates from every peer are accepted ({@code "*"} is in {@code trusted_peers}). */
  public boolean trustAll() {
    return trustedPeers.contains(TRUST_ALL);
  }

  /** This configuration trusting exactly the given peer IDs (not every peer). */
  public CrdtConfig withTrustedPeers(List<String> peerIds) {
    return new CrdtConfig(
        clusterName,
        peerIds,
        batching,
        repairInterval,
        rebroadcastInterval,
        peersetMetric,
        datastoreNamespace);
  }

  static CrdtConfig read(SectionReader r) {
    CrdtConfig d = defaults();
    return new CrdtConfig(
        r.string("cluster_name", d.clusterName),
        r.strings("trusted_peers", List.of()), // absent ⇒ trust nobody, as the original
        CrdtBatchingConfig.read(r.child("batching")),
        r.duration("repair_interval", d.repairInterval),
        r.duration("rebroadcast_interval", d.rebroadcastInterval),
        r.string("peerset_metric", d.peersetMetric),
        r.string("datastore_namespace", d.datastoreNamespace));
  }

  void write(SectionWriter w) {
    w.put("cluster_name", clusterName).put("trusted_peers", trustedPeers);
    batching.write(w.object("batching"));
    w.put("repair_interval", repairInterval);
    if (!rebroadcastInterval.equals(DEFAULT_REBROADCAST_INTERVAL)) {
      w.put("rebroadcast_interval", rebroadcastInterval);
    }
    if (!peersetMetric.equals(DEFAULT_PEERSET_METRIC)) {
      w.put("peerset_metric", peersetMetric);
    }
    if (!datastoreNamespace.equals(DEFAULT_DATASTORE_NAMESPACE)) {
      w.put("datastore_namespace", datastoreNamespace);
    }
  }
}

package io.ipfscluster.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole {@code service.json}: one record per section, readable from and writable to the file
 * the original writes.
 *
 * <p>{@link #load} builds a configuration as the original does: defaults, then the file (missing
 * keys keep their defaults, unknown keys are ignored, and "mostly only non-zero values override"),
 * then the environment, then validation. Environment variables are {@code CLUSTER_<FIELD>} for the
 * {@code cluster} section and {@code CLUSTER_<KEY>_<FIELD>} for a component, where KEY and FIELD
 * are the JSON keys without underscores, upper-cased ({@code
 * CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS}, {@code CLUSTER_CONNECTIONMANAGER_HIGHWATER}); lists are
 * comma-separated, maps are {@code k:v} pairs, durations Go strings, booleans as Go's {@code
 * ParseBool}; an empty variable counts as unset. A file holding only {@code {"source": url}} is
 * fetched from that URL at each load.
 *
 * <p>Components in {@code Optional} run only when their section is in the file: the HTTP APIs, the
 * proxy, the informers and the allocator (see {@link #allocator()}). Exactly one consensus section
 * must be present. The datastore is always RocksDB.
 *
 * <p>Immutable and thread-safe. Every failure is a {@link ConfigException} naming the file or JSON
 * path at fault.
 */
public record ServiceConfig(
    Optional<String> source,
    ClusterConfig cluster,
    ConsensusConfig consensus,
    Optional<HttpApiConfig> restApi,
    Optional<HttpApiConfig> pinSvcApi,
    Optional<IpfsProxyConfig> ipfsProxy,
    IpfsHttpConfig ipfsHttp,
    Optional<EmbeddedIpfsConfig> embeddedIpfs,
    StatelessTrackerConfig statelessTracker,
    PubSubMonitorConfig pubSubMonitor,
    Optional<BalancedAllocatorConfig> balancedAllocator,
    Optional<DiskInformerConfig> diskInformer,
    Optional<TagsInformerConfig> tagsInformer,
    Optional<PinQueueInformerConfig> pinQueueInformer,
    Optional<NumPinInformerConfig> numPinInformer,
    MetricsConfig metrics,
    TracingConfig tracing,
    RocksDbConfig datastore) {
  /** The configuration file's name inside the configuration folder. */
  public static final String FILE_NAME = "service.json";

  public ServiceConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(consensus, "consensus");
    Objects.requireNonNull(ipfsHttp, "ipfsHttp");
    Objects.requireNonNull(embeddedIpfs, "embeddedIpfs");
    Objects.requireNonNull(statelessTracker, "statelessTracker");
    Objects.requireNonNull(pubSubMonitor, "pubSubMonitor");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
    Objects.requireNonNull(datastore, "datastore");
    restApi.ifPresent(a -> requireKey(a, HttpApiConfig.RESTAPI));
    pinSvcApi.ifPresent(a -> requireKey(a, HttpApiConfig.PINSVCAPI));
  }

  private static void requireKey(HttpApiConfig api, String key) {
    if (!api.key().equals(key)) {
      throw new IllegalArgumentException("api." + key + " holds the section of api." + api.key());
    }
  }

  /**
   * The configuration {@code init} writes: every section at its defaults, a random secret, {@code
   * peername} the host name, and only the chosen consensus section.
   *
   * @param consensus {@code "crdt"} or {@code "raft"}
   * @throws IllegalArgumentException for another consensus name
   */
  public static ServiceConfig defaults(String consensus) {
    ConsensusConfig chosen =
        switch (consensus) {
          case CrdtConfig.KEY -> CrdtConfig.defaults();
          case RaftConfig.KEY -> RaftConfig.defaults();
          default ->
              throw new IllegalArgumentException(
                  "consensus must be \"crdt\" or \"raft\", got \"" + consensus + "\"");
        };
    return new ServiceConfig(
        Optional.empty(),
        ClusterConfig.defaults().withSecret(ClusterConfig.randomSecret()),
        chosen,
        Optional.of(HttpApiConfig.restApiDefaults()),
        Optional.of(HttpApiConfig.pinSvcApiDefaults()),
        Optional.of(IpfsProxyConfig.defaults()),
        IpfsHttpConfig.defaults(),
        Optional.of(EmbeddedIpfsConfig.defaults()),
        StatelessTrackerConfig.defaults(),
        PubSubMonitorConfig.defaults(),
        Optional.of(BalancedAllocatorConfig.defaults()),
        Optional.of(DiskInformerConfig.defaults()),
        Optional.of(TagsInformerConfig.defaults()),
        Optional.of(PinQueueInformerConfig.defaults()),
        Optional.empty(),
        MetricsConfig.defaults(),
        TracingConfig.defaults(),
        RocksDbConfig.defaults());
  }

  /**
   * Loads {@code service.json} from a configuration folder, or from the given file, applying {@code
   * env} (pass {@code System.getenv()} in the daemon) over the file. A file that names a {@code
   * source} is replaced by the configuration fetched from it.
   */
  public static ServiceConfig load(Path configDirOrFile, Map<String, String> env) {
    return ServiceConfigFile.load(configDirOrFile, env);
  }

  /**
   * Reads a configuration from JSON text, as {@link #load} reads a file; relative paths in it are
   * relative to the working directory.
   */
  public static ServiceConfig fromJson(String json, Map<String, String> env) {
    return ServiceConfigFile.parse(json, FILE_NAME, Path.of(""), env, true);
  }

  /**
   * The JSON the original writes for this configuration, with two-space indent; a sourced
   * configuration writes only {@code {"source": url}}.
   */
  public String toJson() {
    return ConfigJson.print(ServiceConfigJson.toTree(this, true));
  }

  /**
   * Writes {@link #toJson()} to {@code service.json} in the given folder (when it is an existing
   * directory) or to the given file, atomically and readable only by its owner. Creates missing
   * folders.
   */
  public void write(Path configDirOrFile) {
    ServiceConfigFile.write(this, configDirOrFile);
  }

  /**
   * This configuration with environment-style overrides applied, as at load (for {@code init},
   * which applies the environment over the defaults, and for tests).
   */
  public ServiceConfig withEnvironment(Map<String, String> env) {
    return ServiceConfigJson.fromTree(ServiceConfigJson.toTree(this, false), env, Path.of(""))
        .withSource(source.orElse(null));
  }

  /**
   * This configuration as {@code init --peers} leaves it: with crdt, trusting exactly these peers
   * (no longer every peer); with raft, starting with them as the peer set. An empty list changes
   * nothing.
   */
  public ServiceConfig withInitialPeers(List<String> peerIds) {
    if (peerIds.isEmpty()) {
      return this;
    }
    return withConsensus(
        switch (consensus) {
          case CrdtConfig crdt -> crdt.withTrustedPeers(peerIds);
          case RaftConfig raft -> raft.withInitPeerset(peerIds);
        });
  }

  /** This configuration with another {@code cluster} section. */
  public ServiceConfig withCluster(ClusterConfig newCluster) {
    return new ServiceConfig(
        source,
        newCluster,
        consensus,
        restApi,
        pinSvcApi,
        ipfsProxy,
        ipfsHttp,
        embeddedIpfs,
        statelessTracker,
        pubSubMonitor,
        balancedAllocator,
        diskInformer,
        tagsInformer,
        pinQueueInformer,
        numPinInformer,
        metrics,
        tracing,
        datastore);
  }

  /** This configuration with another consensus section. */
  public ServiceConfig withConsensus(ConsensusConfig newConsensus) {
    return new ServiceConfig(
        source,
        cluster,
        newConsensus,
        restApi,
        pinSvcApi,
        ipfsProxy,
        ipfsHttp,
        embeddedIpfs,
        statelessTracker,
        pubSubMonitor,
        balancedAllocator,
        diskInformer,
        tagsInformer,
        pinQueueInformer,
        numPinInformer,
        metrics,
        tracing,
        datastore);
  }

  /**
   * This configuration remembering that it comes from {@code url}, so that it writes only {@code
   * {"source": url}}; null forgets the source.
   */
  public ServiceConfig withSource(String url) {
    return new ServiceConfig(
        Optional.ofNullable(url),
        cluster,
        consensus,
        restApi,
        pinSvcApi,
        ipfsProxy,
        ipfsHttp,
        embeddedIpfs,
        statelessTracker,
        pubSubMonitor,
        balancedAllocator,
        diskInformer,
        tagsInformer,
        pinQueueInformer,
        numPinInformer,
        metrics,
        tracing,
        datastore);
  }

  /**
   * The allocator settings in effect: {@code allocator.balanced} when present, else the original's
   * legacy {@code ["freespace"]}.
   */
  public BalancedAllocatorConfig allocator() {
    return balancedAllocator.orElseGet(BalancedAllocatorConfig::legacy);
  }
}

package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.datastore.RocksDbSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The component sections: defaults, the rules of spec §6.2 and the environment overrides. */
class ComponentConfigTest {
  private static final String PEER = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";

  /**
   * A file with {@code body} at {@code path} ("section.component"), plus a crdt section unless the
   * path is in {@code consensus}.
   */
  static String doc(String path, String body) {
    String[] parts = path.split("\\.");
    String component = "{\"" + parts[0] + "\": {\"" + parts[1] + "\": " + body + "}";
    return parts[0].equals("consensus")
        ? component + "}"
        : component + ", \"consensus\": {\"crdt\": {}}}";
  }

  private static ServiceConfig load(String path, String body, Map<String, String> env) {
    return ServiceConfig.fromJson(doc(path, body), env);
  }

  @Test
  void defaults_ofEveryComponent_validate() {
    assertThat(CrdtConfig.defaults().trustAll()).isTrue();
    assertThat(RaftConfig.defaults().dataFolder()).isEmpty();
    assertThat(HttpApiConfig.restApiDefaults().httpListenMultiaddress())
        .containsExactly("/ip4/127.0.0.1/tcp/9094");
    assertThat(HttpApiConfig.pinSvcApiDefaults().httpListenMultiaddress())
        .containsExactly("/ip4/127.0.0.1/tcp/9097");
    assertThat(IpfsProxyConfig.defaults().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(IpfsHttpConfig.defaults().repogcTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(StatelessTrackerConfig.defaults().maxPinQueueSize()).isEqualTo(1_000_000);
    assertThat(PubSubMonitorConfig.defaults().checkInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(BalancedAllocatorConfig.defaults().allocateBy())
        .containsExactly("tag:group", "freespace");
    assertThat(DiskInformerConfig.defaults().metricType()).isEqualTo("freespace");
    assertThat(TagsInformerConfig.defaults().tags()).containsEntry("group", "default");
    assertThat(PinQueueInformerConfig.defaults().weightBucketSize()).isEqualTo(100_000);
    assertThat(NumPinInformerConfig.defaults().metricTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(MetricsConfig.defaults().enableStats()).isFalse();
    assertThat(TracingConfig.defaults().samplingProb()).isEqualTo(0.3);
    assertThat(RocksDbConfig.defaults().options().blockCacheSizeBytes()).isEqualTo(64L << 20);
  }

  @Test
  void env_overridesEachComponent() {
    ServiceConfig c =
        ServiceConfig.defaults("crdt")
            .withEnvironment(
                Map.ofEntries(
                    Map.entry("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/1"),
                    Map.entry("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", "u:p,u2:p:2"),
                    Map.entry("CLUSTER_RESTAPI_CORSALLOWEDMETHODS", "GET,POST"),
                    Map.entry("CLUSTER_PINSVCAPI_MAXHEADERBYTES", "8192"),
                    Map.entry("CLUSTER_IPFSPROXY_LISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/2"),
                    Map.entry("CLUSTER_IPFSHTTP_NODEMULTIADDRESS", "/dns4/ipfs/tcp/5001"),
                    Map.entry("CLUSTER_CRDT_TRUSTEDPEERS", PEER),
                    Map.entry("CLUSTER_CRDT_BATCHING_MAXBATCHSIZE", "50"),
                    Map.entry("CLUSTER_STATELESS_CONCURRENTPINS", "3"),
                    Map.entry("CLUSTER_PUBSUBMON_CHECKINTERVAL", "1s"),
                    Map.entry("CLUSTER_BALANCED_ALLOCATEBY", "freespace"),
                    Map.entry("CLUSTER_DISK_METRICTYPE", "reposize"),
                    Map.entry("CLUSTER_TAGS_TAGS", "group:edge,region:eu"),
                    Map.entry("CLUSTER_PINQUEUE_WEIGHTBUCKETSIZE", "10"),
                    Map.entry("CLUSTER_METRICS_ENABLESTATS", "true"),
                    Map.entry("CLUSTER_TRACING_SAMPLINGPROB", "0.5"),
                    Map.entry("CLUSTER_ROCKSDB_ROCKSDBOPTIONS_MAXOPENFILES", "-1"),
                    Map.entry("CLUSTER_RAFT_COMMITRETRIES", "9")));

    HttpApiConfig rest = c.restApi().orElseThrow();
    assertThat(rest.httpListenMultiaddress()).containsExactly("/ip4/0.0.0.0/tcp/1");
    assertThat(rest.basicAuthCredentials()).contains(Map.of("u", "p", "u2", "p:2"));
    assertThat(rest.corsAllowedMethods()).containsExactly("GET", "POST");
    assertThat(c.pinSvcApi().orElseThrow().maxHeaderBytes()).isEqualTo(8192);
    assertThat(c.ipfsProxy().orElseThrow().listenMultiaddress())
        .containsExactly("/ip4/0.0.0.0/tcp/2");
    assertThat(c.ipfsHttp().nodeMultiaddress()).isEqualTo("/dns4/ipfs/tcp/5001");
    CrdtConfig crdt = (CrdtConfig) c.consensus();
    assertThat(crdt.trustedPeers()).containsExactly(PEER);
    assertThat(crdt.batching().maxBatchSize()).isEqualTo(50);
    assertThat(c.statelessTracker().concurrentPins()).isEqualTo(3);
    assertThat(c.pubSubMonitor().checkInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.allocator().allocateBy()).containsExactly("freespace");
    assertThat(c.diskInformer().orElseThrow().metricType()).isEqualTo("reposize");
    assertThat(c.tagsInformer().orElseThrow().tags())
        .isEqualTo(Map.of("group", "edge", "region", "eu"));
    assertThat(c.pinQueueInformer().orElseThrow().weightBucketSize()).isEqualTo(10);
    assertThat(c.metrics().enableStats()).isTrue();
    assertThat(c.tracing().samplingProb()).isEqualTo(0.5);
    assertThat(c.datastore().options().maxOpenFiles()).isEqualTo(-1);
  }

  @Test
  void env_trustAllStar_trustsEveryPeer() {
    ServiceConfig c =
        load(
            "consensus.crdt",
            "{\"trusted_peers\": [\"" + PEER + "\"]}",
            Map.of("CLUSTER_CRDT_TRUSTEDPEERS", "*"));

    assertThat(((CrdtConfig) c.consensus()).trustAll()).isTrue();
  }

  @Test
  void env_forAnAbsentComponent_doesNotMakeItRun() {
    ServiceConfig c =
        ServiceConfig.fromJson(
            "{\"consensus\": {\"crdt\": {}}}",
            Map.of("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/1"));

    assertThat(c.restApi()).isEmpty();
  }

  @Test
  void read_hiddenKeys_areAcceptedAndWrittenOnlyWhenNotDefault() {
    ServiceConfig c =
        load(
            "consensus.raft",
            "{\"data_folder\": \"/var/raft\", \"datastore_namespace\": \"/r\"}",
            Map.of());

    RaftConfig raft = (RaftConfig) c.consensus();
    assertThat(raft.dataFolder()).isEqualTo("/var/raft");
    assertThat(c.toJson()).contains("\"data_folder\": \"/var/raft\"");
    assertThat(c.toJson()).doesNotContain("datastore_namespace");
  }

  @Test
  void read_apiListenAndBasicAuth_followTheOriginal() {
    HttpApiConfig api =
        load(
                "api.pinsvcapi",
                "{\"http_listen_multiaddress\": [], \"basic_auth_credentials\": null,"
                    + " \"headers\": {\"X-One\": \"v\"}}",
                Map.of())
            .pinSvcApi()
            .orElseThrow();

    assertThat(api.httpListenMultiaddress()).containsExactly("/ip4/127.0.0.1/tcp/9097");
    assertThat(api.basicAuthCredentials()).isEmpty();
    assertThat(api.headers()).containsEntry("X-One", List.of("v"));
  }

  @Test
  void toJson_writesOneEntryMultiaddressListsAsAString() {
    ServiceConfig c =
        ServiceConfig.defaults("crdt")
            .withEnvironment(
                Map.of(
                    "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/1,/unix/a.sock"));

    assertThat(c.toJson())
        .contains(
            "\"http_listen_multiaddress\": [\n        \"/ip4/0.0.0.0/tcp/1\",\n"
                + "        \"/unix/a.sock\"\n      ],")
        .contains("\"http_listen_multiaddress\": \"/ip4/127.0.0.1/tcp/9097\",");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "consensus.crdt | {\"cluster_name\": 5} |"
            + " consensus.crdt.cluster_name is invalid: must be a string (got 5)",
        "consensus.crdt | {\"trusted_peers\": [\"bogus\"]} | consensus.crdt.trusted_peers",
        "consensus.crdt | {\"rebroadcast_interval\": \"0s\"} | consensus.crdt.rebroadcast_interval",
        "consensus.crdt | {\"repair_interval\": \"-1s\"} | consensus.crdt.repair_interval",
        "consensus.crdt | {\"batching\": {\"max_batch_size\": -1}} |"
            + " consensus.crdt.batching.max_batch_size",
        "consensus.crdt | {\"batching\": {\"max_queue_size\": -5}} |"
            + " consensus.crdt.batching.max_queue_size",
        "consensus.crdt | {\"datastore_namespace\": \"c\"} | consensus.crdt.datastore_namespace",
        "consensus.raft | {\"init_peerset\": [\"x\"]} | consensus.raft.init_peerset",
        "consensus.raft | {\"wait_for_leader_timeout\": \"0s\"} |"
            + " consensus.raft.wait_for_leader_timeout",
        "consensus.raft | {\"commit_retries\": -1} | consensus.raft.commit_retries",
        "consensus.raft | {\"commit_retry_delay\": \"0s\"} | consensus.raft.commit_retry_delay",
        "consensus.raft | {\"backups_rotate\": -1} | consensus.raft.backups_rotate",
        "consensus.raft | {\"heartbeat_timeout\": \"1ms\"} | consensus.raft.heartbeat_timeout",
        "consensus.raft | {\"election_timeout\": \"500ms\"} | consensus.raft.election_timeout",
        "consensus.raft | {\"max_append_entries\": 2000} | consensus.raft.max_append_entries",
        "consensus.raft | {\"leader_lease_timeout\": \"2s\"} | consensus.raft.leader_lease_timeout",
        "api.restapi | {\"max_header_bytes\": 100} |"
            + " api.restapi.max_header_bytes is invalid: must be >= 4096",
        "api.restapi | {\"basic_auth_credentials\": {}} |"
            + " api.restapi.basic_auth_credentials is invalid: must be null or have at least one",
        "api.pinsvcapi | {\"read_timeout\": \"-1s\"} | api.pinsvcapi.read_timeout",
        "api.pinsvcapi | {\"http_listen_multiaddress\": \"/ip4/1.2.3.4/tcp/x\"} |"
            + " api.pinsvcapi.http_listen_multiaddress",
        "api.restapi | {\"ssl_cert_file\": \"c.pem\"} | api.restapi.ssl_key_file",
        "api.restapi | {\"id\": \"" + PEER + "\"} | api.restapi.libp2p_listen_multiaddress",
        "api.restapi | {\"cors_max_age\": \"-1s\"} | api.restapi.cors_max_age",
        "api.restapi | {\"headers\": {\"X\": 1}} | api.restapi.headers.X",
        "api.ipfsproxy | {\"node_multiaddress\": \"localhost:5001\"} |"
            + " api.ipfsproxy.node_multiaddress",
        "api.ipfsproxy | {\"max_header_bytes\": 10} | api.ipfsproxy.max_header_bytes",
        "api.ipfsproxy | {\"extract_headers_ttl\": \"-1s\"} | api.ipfsproxy.extract_headers_ttl",
        "ipfs_connector.ipfshttp | {\"pin_timeout\": \"-1s\"} | ipfs_connector.ipfshttp.pin_timeout",
        "ipfs_connector.ipfshttp | {\"informer_trigger_interval\": -1} |"
            + " ipfs_connector.ipfshttp.informer_trigger_interval",
        "pin_tracker.stateless | {\"concurrent_pins\": -1} | pin_tracker.stateless.concurrent_pins",
        "pin_tracker.stateless | {\"priority_pin_max_age\": \"0s\"} |"
            + " pin_tracker.stateless.priority_pin_max_age",
        "monitor.pubsubmon | {\"check_interval\": \"0s\"} | monitor.pubsubmon.check_interval",
        "allocator.balanced | {\"allocate_by\": \"freespace\"} | allocator.balanced.allocate_by",
        "informer.disk | {\"metric_ttl\": \"0s\"} | informer.disk.metric_ttl is invalid",
        "informer.disk | {\"metric_type\": \"used\"} | informer.disk.metric_type",
        "informer.tags | {\"metric_ttl\": \"0s\"} | informer.tags.metric_ttl",
        "informer.tags | {\"tags\": [\"a\"]} | informer.tags.tags",
        "informer.pinqueue | {\"weight_bucket_size\": -1} | informer.pinqueue.weight_bucket_size",
        "informer.numpin | {\"metric_ttl\": \"-10s\"} | informer.numpin.metric_ttl",
        "observations.metrics | {\"prometheus_endpoint\": \"8888\"} |"
            + " observations.metrics.prometheus_endpoint",
        "observations.metrics | {\"enable_stats\": true, \"reporting_interval\": \"0s\"} |"
            + " observations.metrics.reporting_interval",
        "observations.tracing | {\"sampling_prob\": 1.5} |"
            + " observations.tracing.sampling_prob is invalid: must be between 0 and 1",
        "observations.tracing | {\"service_name\": 3} | observations.tracing.service_name",
        "datastore.rocksdb | {\"rocksdb_options\": {\"compression\": \"brotli\"}} |"
            + " datastore.rocksdb.rocksdb_options.compression",
        "datastore.rocksdb | {\"rocksdb_options\": {\"max_open_files\": 8}} |"
            + " datastore.rocksdb.rocksdb_options.max_open_files",
        "datastore.rocksdb | {\"rocksdb_options\": {\"write_buffer_size_bytes\": 1024}} |"
            + " datastore.rocksdb.rocksdb_options.write_buffer_size_bytes",
        "datastore.rocksdb | {\"rocksdb_options\": {\"bloom_filter_bits_per_key\": 101}} |"
            + " datastore.rocksdb.rocksdb_options.bloom_filter_bits_per_key",
        "datastore.rocksdb | {\"rocksdb_options\": {\"bytes_per_sync\": -2}} |"
            + " datastore.rocksdb.rocksdb_options.bytes_per_sync",
      })
  void read_invalidValue_isRejectedNamingThePath(String path, String body, String message) {
    assertThatThrownBy(() -> load(path, body, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rocksDbOptions_toSettings_carriesEveryOption() {
    RocksDbOptions options =
        load(
                "datastore.rocksdb",
                "{\"rocksdb_options\": {\"block_cache_size_bytes\": 1048576, \"compression\": \"none\","
                    + " \"bloom_filter_bits_per_key\": 0, \"max_open_files\": -1}}",
                Map.of())
            .datastore()
            .options();

    RocksDbSettings settings = options.toSettings();

    assertThat(settings.blockCacheBytes()).isEqualTo(1L << 20);
    assertThat(settings.writeBufferBytes()).isEqualTo(32L << 20);
    assertThat(settings.compression()).isEqualTo(RocksDbSettings.Compression.NONE);
    assertThat(settings.bottommostCompression()).isEqualTo(RocksDbSettings.Compression.ZSTD);
    assertThat(settings.bloomBitsPerKey()).isZero();
    assertThat(settings.maxOpenFiles()).isEqualTo(-1);
    assertThat(RocksDbOptions.defaults().toSettings().blockCacheBytes()).isEqualTo(64L << 20);
  }

  @Test
  void read_validEdgeValues_areAccepted() {
    assertThat(load("observations.tracing", "{\"sampling_prob\": 0}", Map.of()).tracing())
        .extracting(TracingConfig::samplingProb)
        .isEqualTo(0.0);
    assertThat(load("consensus.raft", "{\"commit_retries\": 0}", Map.of()).consensus())
        .extracting(c -> ((RaftConfig) c).commitRetries())
        .isEqualTo(0);
    assertThat(load("ipfs_connector.ipfshttp", "{\"connect_swarms_delay\": \"0s\"}", Map.of()))
        .extracting(c -> c.ipfsHttp().connectSwarmsDelay())
        .isEqualTo(Duration.ZERO);
    assertThat(load("consensus.crdt", "{\"repair_interval\": \"0s\"}", Map.of()).consensus())
        .extracting(c -> ((CrdtConfig) c).repairInterval())
        .isEqualTo(Duration.ZERO);
  }
}

package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  private static final String PEER_A = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";
  private static final String PEER_B = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";

  @TempDir Path dir;

  @Test
  void defaults_crdt_validateAndHoldOnlyTheCrdtSection() {
    ServiceConfig config = ServiceConfig.defaults("crdt");

    assertThat(config.consensus()).isEqualTo(CrdtConfig.defaults());
    assertThat(config.cluster().secret()).matches("[0-9a-f]{64}");
    assertThat(config.cluster().peername()).isEqualTo(ClusterConfig.defaults().peername());
    assertThat(config.restApi()).contains(HttpApiConfig.restApiDefaults());
    assertThat(config.pinSvcApi()).contains(HttpApiConfig.pinSvcApiDefaults());
    assertThat(config.numPinInformer()).isEmpty();
    assertThat(config.toJson()).contains("\"crdt\": {").doesNotContain("\"raft\"");
  }

  @Test
  void defaults_raft_writesOnlyTheRaftSection() {
    ServiceConfig config = ServiceConfig.defaults("raft");

    assertThat(config.consensus()).isEqualTo(RaftConfig.defaults());
    assertThat(config.toJson()).contains("\"raft\": {").doesNotContain("\"crdt\"");
  }

  @Test
  void defaults_giveEachInitANewSecret() {
    assertThat(ServiceConfig.defaults("crdt").cluster().secret())
        .isNotEqualTo(ServiceConfig.defaults("crdt").cluster().secret());
  }

  @Test
  void defaults_unknownConsensus_isRejected() {
    assertThatThrownBy(() -> ServiceConfig.defaults("paxos"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"paxos\"");
  }

  @Test
  void toJson_ofDefaults_isWhatTheOriginalWrites() throws IOException {
    ServiceConfig config = ServiceConfig.defaults("crdt");
    String expected =
        resource("defaults-crdt-service.json")
            .replace("%PEERNAME%", config.cluster().peername())
            .replace("%SECRET%", config.cluster().secret());

    assertThat(config.toJson()).isEqualTo(expected);
  }

  @Test
  void toJson_thenFromJson_givesAnEqualConfig() {
    for (String consensus : List.of("crdt", "raft")) {
      ServiceConfig config = ServiceConfig.defaults(consensus);

      assertThat(ServiceConfig.fromJson(config.toJson(), Map.of())).isEqualTo(config);
    }
  }

  @Test
  void toJson_thenFromJson_keepsEveryNonDefaultValue() {
    ServiceConfig config =
        ServiceConfig.defaults("crdt")
            .withEnvironment(
                Map.ofEntries(
                    Map.entry("CLUSTER_LISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/1,/ip6/::/tcp/1"),
                    Map.entry("CLUSTER_FOLLOWERMODE", "true"),
                    Map.entry("CLUSTER_PEERSTOREFILE", "peers.txt"),
                    Map.entry("CLUSTER_CRDT_REBROADCASTINTERVAL", "30s"),
                    Map.entry("CLUSTER_CRDT_BATCHING_MAXQUEUESIZE", "10"),
                    Map.entry("CLUSTER_CRDT_PEERSETMETRIC", "disk"),
                    Map.entry("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", "u:p,u2:p2"),
                    Map.entry("CLUSTER_RESTAPI_HEADERS", "X-A:1"),
                    Map.entry("CLUSTER_RESTAPI_SSLCERTFILE", "cert.pem"),
                    Map.entry("CLUSTER_RESTAPI_SSLKEYFILE", "key.pem"),
                    Map.entry("CLUSTER_IPFSPROXY_NODEHTTPS", "true"),
                    Map.entry("CLUSTER_IPFSPROXY_EXTRACTHEADERSEXTRA", "X-B"),
                    Map.entry("CLUSTER_IPFSPROXY_EXTRACTHEADERSTTL", "1m"),
                    Map.entry("CLUSTER_IPFSHTTP_UNPINDISABLE", "true"),
                    Map.entry("CLUSTER_STATELESS_MAXPINQUEUESIZE", "5"),
                    Map.entry("CLUSTER_ROCKSDB_FOLDER", "store")));

    String json = config.toJson();

    assertThat(json)
        .contains("\"follower_mode\": true", "\"peerstore_file\": \"peers.txt\"")
        .contains("\"rebroadcast_interval\": \"30s\"", "\"max_queue_size\": 10")
        .contains("\"ssl_cert_file\": \"cert.pem\"", "\"node_https\": true")
        .contains("\"max_pin_queue_size\": 5", "\"folder\": \"store\"");
    assertThat(ServiceConfig.fromJson(json, Map.of())).isEqualTo(config);
  }

  @Test
  void write_thenLoad_givesAnEqualConfig_fromTheFolderOrTheFile() {
    ServiceConfig config = ServiceConfig.defaults("raft");

    config.write(dir);

    assertThat(ServiceConfig.load(dir, Map.of())).isEqualTo(config);
    assertThat(ServiceConfig.load(dir.resolve("service.json"), Map.of())).isEqualTo(config);
  }

  @Test
  void write_createsTheFolderAndAnOwnerOnlyFile() throws IOException {
    Path file = dir.resolve("new/service.json");

    ServiceConfig.defaults("crdt").write(file);

    assertThat(file).exists();
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(dir.resolve("new")).isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
  }

  @Test
  void load_missingFile_namesTheFile() {
    assertThatThrownBy(() -> ServiceConfig.load(dir.resolve("nope.json"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.json");
  }

  @Test
  void load_malformedJson_namesTheFileLineAndColumn() throws IOException {
    Path file = dir.resolve("service.json");
    Files.writeString(file, "{\n  \"cluster\": {\n    \"peername\": oops\n  }\n}\n");

    assertThatThrownBy(() -> ServiceConfig.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("malformed JSON at line 3, column");
  }

  @Test
  void load_unknownKeysAndTheStateSection_areIgnored() {
    String json =
        """
        {"cluster": {"peername": "p", "favourite_colour": "green"},
         "consensus": {"crdt": {"cluster_name": "c", "trusted_peers": ["*"], "extra": 1}},
         "state": {"whatever": {}},
         "monitor": {"monbasic": {"check_interval": "15s"}},
         "future_section": {"x": {}}}
        """;

    ServiceConfig config = ServiceConfig.fromJson(json, Map.of());

    assertThat(config.cluster().peername()).isEqualTo("p");
    assertThat(((CrdtConfig) config.consensus()).clusterName()).isEqualTo("c");
    assertThat(config.pubSubMonitor()).isEqualTo(PubSubMonitorConfig.defaults());
  }

  @Test
  void load_absentSections_takeDefaultsAndAbsentComponentsDoNotRun() {
    ServiceConfig config = ServiceConfig.fromJson("{\"consensus\": {\"crdt\": {}}}", Map.of());

    assertThat(config.cluster().secret()).isEmpty();
    assertThat(config.cluster().listenMultiaddress()).containsExactly("/ip4/0.0.0.0/tcp/9096");
    assertThat(config.restApi()).isEmpty();
    assertThat(config.ipfsProxy()).isEmpty();
    assertThat(config.diskInformer()).isEmpty();
    assertThat(config.ipfsHttp()).isEqualTo(IpfsHttpConfig.defaults());
    assertThat(config.datastore()).isEqualTo(RocksDbConfig.defaults());
    assertThat(config.balancedAllocator()).isEmpty();
    assertThat(config.allocator().allocateBy()).containsExactly("freespace");
    // As in the original, trust-all holds only when "*" is listed.
    assertThat(((CrdtConfig) config.consensus()).trustedPeers()).isEmpty();
  }

  @Test
  void load_withBothOrNoConsensus_isRejected() {
    assertThatThrownBy(
            () -> ServiceConfig.fromJson("{\"consensus\":{\"crdt\":{},\"raft\":{}}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("consensus is invalid: only one of");
    assertThatThrownBy(() -> ServiceConfig.fromJson("{\"cluster\":{}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("consensus is invalid: one of");
  }

  @Test
  void load_sectionThatIsNotAnObject_isRejectedWithItsPath() {
    assertThatThrownBy(
            () -> ServiceConfig.fromJson("{\"consensus\":{\"crdt\":{}},\"api\":[]}", Map.of()))
        .hasMessageStartingWith("api is invalid: must be a JSON object");
    assertThatThrownBy(
            () -> ServiceConfig.fromJson("{\"consensus\":{\"crdt\":{}},\"cluster\":3}", Map.of()))
        .hasMessageStartingWith("cluster is invalid: must be a JSON object");
  }

  @Test
  void load_originalRaftServiceJsonWithLegacyKeys_loads() throws IOException {
    Files.writeString(dir.resolve("service.json"), resource("original-raft-service.json"));

    ServiceConfig config = ServiceConfig.load(dir, Map.of());

    ClusterConfig cluster = config.cluster();
    assertThat(cluster.peername()).isEqualTo("pinner-1");
    assertThat(cluster.secret())
        .isEqualTo("2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c0b20b7f8c5bb9");
    assertThat(cluster.listenMultiaddress()).hasSize(2);
    assertThat(cluster.replicationFactorMin()).isEqualTo(2);
    assertThat(cluster.replicationFactorMax()).isEqualTo(3);
    assertThat(cluster.disableRepinning()).isTrue();
    RaftConfig raft = (RaftConfig) config.consensus();
    assertThat(raft.initPeerset()).containsExactly(PEER_A);
    assertThat(raft.dataFolder(dir)).isEqualTo(dir.resolve("raft"));
    HttpApiConfig rest = config.restApi().orElseThrow();
    assertThat(rest.basicAuthCredentials()).contains(Map.of("admin", "s3cret"));
    assertThat(rest.headers()).containsEntry("X-Custom", List.of("one", "two"));
    assertThat(config.pinSvcApi()).isEmpty();
    assertThat(config.ipfsHttp().nodeMultiaddress()).isEqualTo("/dns4/ipfs/tcp/5001");
    assertThat(config.numPinInformer()).contains(NumPinInformerConfig.defaults());
    assertThat(config.tagsInformer()).isEmpty();
    assertThat(config.metrics().reportingInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.datastore()).isEqualTo(RocksDbConfig.defaults());
  }

  @Test
  void load_legacyPebbleDatastore_usesRocksDbAndWarns() throws IOException {
    Files.writeString(dir.resolve("service.json"), resource("original-crdt-pebble-service.json"));

    String log;
    ServiceConfig config;
    try (StderrCapture capture = new StderrCapture()) {
      config = ServiceConfig.load(dir, Map.of());
      log = capture.text();
    }

    assertThat(config.datastore()).isEqualTo(RocksDbConfig.defaults());
    assertThat(log)
        .contains("WARN")
        .contains(
            "datastore.pebble is not supported by this implementation; RocksDB is used instead"
                + " at folder "
                + dir.toAbsolutePath().resolve("rocksdb"));
    CrdtConfig crdt = (CrdtConfig) config.consensus();
    assertThat(crdt.trustAll()).isFalse();
    assertThat(crdt.batching().enabled()).isTrue();
    assertThat(config.cluster().followerMode()).isTrue();
    assertThat(config.cluster().peerstorePath(dir)).isEqualTo(dir.resolve("peers.txt"));
  }

  @Test
  void withInitialPeers_crdtTrustsExactlyThosePeers() {
    CrdtConfig crdt =
        (CrdtConfig)
            ServiceConfig.defaults("crdt").withInitialPeers(List.of(PEER_A, PEER_B)).consensus();

    assertThat(crdt.trustAll()).isFalse();
    assertThat(crdt.trustedPeers()).containsExactly(PEER_A, PEER_B);
  }

  @Test
  void withInitialPeers_raftStartsWithThemAsThePeerSet() {
    RaftConfig raft =
        (RaftConfig) ServiceConfig.defaults("raft").withInitialPeers(List.of(PEER_A)).consensus();

    assertThat(raft.initPeerset()).containsExactly(PEER_A);
  }

  @Test
  void withInitialPeers_invalidPeerId_isRejected() {
    assertThatThrownBy(() -> ServiceConfig.defaults("crdt").withInitialPeers(List.of("nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("consensus.crdt.trusted_peers is invalid");
  }

  @Test
  void withSource_writesOnlyTheSource() {
    ServiceConfig config = ServiceConfig.defaults("crdt").withSource("http://example.org/c.json");

    assertThat(config.toJson()).isEqualTo("{\n  \"source\": \"http://example.org/c.json\"\n}\n");
  }

  @Test
  void load_originalLegacyIdentityKeys_doNotLeakIntoTheWrittenFile() throws IOException {
    Files.writeString(dir.resolve("service.json"), resource("original-raft-service.json"));

    String written = ServiceConfig.load(dir, Map.of()).toJson();

    assertThat(written).doesNotContain("private_key", "\"id\"", "replication_factor\"", "monbasic");
    assertThat(written).contains("\"numpin\"");
    assertThat(written).doesNotContain("\"state\"");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ServiceConfigTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

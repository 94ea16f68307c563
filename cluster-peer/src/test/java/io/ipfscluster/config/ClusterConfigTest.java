package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterConfigTest {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c0b20b7f8c5bb9";
  private static final String PEER_ADDR =
      "/ip4/10.0.0.2/tcp/9096/p2p/12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";

  /** Loads a file whose {@code cluster} section is {@code clusterJson}. */
  private static ClusterConfig load(String clusterJson, Map<String, String> env) {
    return ServiceConfig.fromJson(
            "{\"cluster\": " + clusterJson + ", \"consensus\": {\"crdt\": {}}}", env)
        .cluster();
  }

  @Test
  void defaults_followOurDecisions() {
    ClusterConfig d = ClusterConfig.defaults();

    assertThat(d.disableRepinning()).isFalse();
    assertThat(d.listenMultiaddress()).containsExactly("/ip4/0.0.0.0/tcp/9096");
    assertThat(d.secret()).isEmpty();
    assertThat(d.secretBytes()).isEmpty();
    assertThat(d.replicationFactorMin()).isEqualTo(-1);
    assertThat(d.connectionManager().gracePeriod()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void randomSecret_is32BytesOfHex() {
    String secret = ClusterConfig.randomSecret();

    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(ClusterConfig.defaults().withSecret(secret).secretBytes()).hasSize(32);
  }

  @Test
  void read_zeroAndEmptyValues_keepDefaultsButExplicitFalseIsFalse() {
    ClusterConfig c =
        load(
            """
            {"peername": "", "replication_factor_min": 0, "replication_factor_max": 0,
             "enable_relay_hop": false, "dial_peer_timeout": "", "connection_manager": {}}
            """,
            Map.of());

    assertThat(c.peername()).isEqualTo(ClusterConfig.defaults().peername());
    assertThat(c.replicationFactorMin()).isEqualTo(-1);
    assertThat(c.replicationFactorMax()).isEqualTo(-1);
    assertThat(c.enableRelayHop()).isFalse();
    assertThat(c.dialPeerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.connectionManager()).isEqualTo(ConnectionManagerConfig.defaults());
  }

  @Test
  void read_multiaddressKeys_acceptAStringOrAnArray() {
    ClusterConfig c =
        load(
            """
            {"listen_multiaddress": ["/ip4/0.0.0.0/tcp/1", "/ip4/0.0.0.0/udp/1/quic"],
             "announce_multiaddress": "/dns4/example.org/tcp/1",
             "no_announce_multiaddress": ""}
            """,
            Map.of());

    assertThat(c.listenMultiaddress()).hasSize(2);
    assertThat(c.announceMultiaddress()).containsExactly("/dns4/example.org/tcp/1");
    assertThat(c.noAnnounceMultiaddress()).isEmpty();
  }

  @Test
  void env_overridesTheFile() {
    ClusterConfig c =
        load(
            "{\"peername\": \"file\", \"secret\": \"\"}",
            Map.ofEntries(
                Map.entry("CLUSTER_SECRET", SECRET.toUpperCase()),
                Map.entry("CLUSTER_PEERNAME", "env"),
                Map.entry("CLUSTER_LISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/1, /ip4/0.0.0.0/tcp/2"),
                Map.entry("CLUSTER_PEERADDRESSES", PEER_ADDR),
                Map.entry("CLUSTER_MONITORPINGINTERVAL", "2s"),
                Map.entry("CLUSTER_CONNECTIONMANAGER_HIGHWATER", "1000"),
                Map.entry("CLUSTER_PUBSUB_FLOODPUBLISH", "t"),
                Map.entry("CLUSTER_RESOURCEMANAGER_MEMORYLIMITBYTES", "1073741824"),
                Map.entry("CLUSTER_FOLLOWERMODE", "true"),
                Map.entry("CLUSTER_REPLICATIONFACTORMIN", "2"),
                Map.entry("CLUSTER_REPLICATIONFACTORMAX", "3"),
                Map.entry("CLUSTER_DISABLEREPINNING", "1")));

    assertThat(c.secret()).isEqualTo(SECRET);
    assertThat(c.peername()).isEqualTo("env");
    assertThat(c.listenMultiaddress()).containsExactly("/ip4/0.0.0.0/tcp/1", "/ip4/0.0.0.0/tcp/2");
    assertThat(c.peerAddresses()).containsExactly(PEER_ADDR);
    assertThat(c.monitorPingInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.connectionManager().highWater()).isEqualTo(1000);
    assertThat(c.pubsub().floodPublish()).isTrue();
    assertThat(c.resourceManager().memoryLimitBytes()).isEqualTo(1L << 30);
    assertThat(c.followerMode()).isTrue();
    assertThat(c.replicationFactorMin()).isEqualTo(2);
    assertThat(c.replicationFactorMax()).isEqualTo(3);
    assertThat(c.disableRepinning()).isTrue();
  }

  @Test
  void env_emptyVariable_countsAsUnset() {
    assertThat(load("{\"peername\": \"file\"}", Map.of("CLUSTER_PEERNAME", "")).peername())
        .isEqualTo("file");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CLUSTER_MONITORPINGINTERVAL | 1x | cluster.monitor_ping_interval",
        "CLUSTER_CONNECTIONMANAGER_LOWWATER | many | cluster.connection_manager.low_water",
        "CLUSTER_FOLLOWERMODE | yes | cluster.follower_mode",
      })
  void env_badValue_namesTheVariableAndThePath(String variable, String value, String path) {
    assertThatThrownBy(() -> load("{}", Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + " (" + path + ") is invalid")
        .hasMessageContaining(value);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"secret\": \"abcd\"} | cluster.secret is invalid: must be 64 hex characters or empty",
        "{\"listen_multiaddress\": []} | cluster.listen_multiaddress is invalid: must not be empty",
        "{\"listen_multiaddress\": \"tcp/1\"} | cluster.listen_multiaddress is invalid",
        "{\"peer_addresses\": [\"/ip4/1.2.3.4/tcpx/1\"]} | cluster.peer_addresses is invalid",
        "{\"connection_manager\": {\"low_water\": 500}} |"
            + " cluster.connection_manager.low_water is invalid: must be > 0 and <= high_water",
        "{\"connection_manager\": {\"low_water\": 0}} |"
            + " cluster.connection_manager.low_water is invalid: must be > 0 and <= high_water",
        "{\"connection_manager\": {\"high_water\": -1}} |"
            + " cluster.connection_manager.high_water is invalid: must be > 0",
        "{\"connection_manager\": {\"grace_period\": \"0s\"}} |"
            + " cluster.connection_manager.grace_period is invalid: must be > 0",
        "{\"resource_manager\": {\"memory_limit_bytes\": -1}} |"
            + " cluster.resource_manager.memory_limit_bytes is invalid",
        "{\"pubsub\": {\"d_factor\": 0}} | cluster.pubsub.d_factor is invalid",
        "{\"pubsub\": {\"seen_messages_ttl\": \"0s\"}} | cluster.pubsub.seen_messages_ttl",
        "{\"pubsub\": {\"history_gossip\": 0}} | cluster.pubsub.history_gossip is invalid",
        "{\"pubsub\": {\"history_length\": -1}} | cluster.pubsub.history_length is invalid",
        "{\"resource_manager\": {\"file_descriptors_limit\": -1}} |"
            + " cluster.resource_manager.file_descriptors_limit is invalid",
        "{\"announce_multiaddress\": \"/ip4/300.1.1.1/tcp/1\"} |"
            + " cluster.announce_multiaddress is invalid",
        "{\"pubsub\": {\"heartbeat_interval\": \"-1s\"}} | cluster.pubsub.heartbeat_interval",
        "{\"dial_peer_timeout\": \"0s\"} | cluster.dial_peer_timeout is invalid: must be > 0",
        "{\"state_sync_interval\": \"0s\"} | cluster.state_sync_interval is invalid",
        "{\"pin_recover_interval\": \"0s\"} | cluster.pin_recover_interval is invalid",
        "{\"monitor_ping_interval\": \"0s\"} | cluster.monitor_ping_interval is invalid",
        "{\"peer_watch_interval\": \"0s\"} | cluster.peer_watch_interval is invalid",
        "{\"mdns_interval\": \"-1s\"} | cluster.mdns_interval is invalid: must be >= 0",
        "{\"monitor_ping_interval\": \"15\"} |"
            + " cluster.monitor_ping_interval is invalid: invalid duration \"15\": missing unit",
        "{\"replication_factor_min\": -2, \"replication_factor_max\": 2} |"
            + " cluster.replication_factor_min is invalid: must be >= -1",
        "{\"replication_factor_min\": 1, \"replication_factor_max\": -2} |"
            + " cluster.replication_factor_max is invalid: must be >= -1",
        "{\"replication_factor_min\": 3, \"replication_factor_max\": 2} |"
            + " cluster.replication_factor_min is invalid: must be <= replication_factor_max",
        "{\"replication_factor_min\": -1, \"replication_factor_max\": 2} |"
            + " cluster.replication_factor_max is invalid: must be -1 when",
        "{\"replication_factor_min\": 2, \"replication_factor_max\": -1} |"
            + " cluster.replication_factor_min is invalid: must be -1 when",
        "{\"pin_only_on_trusted_peers\": true, \"pin_only_on_untrusted_peers\": true} |"
            + " cluster.pin_only_on_untrusted_peers is invalid",
        "{\"leave_on_shutdown\": \"yes\"} | cluster.leave_on_shutdown is invalid: must be true",
        "{\"replication_factor_min\": 1.5} | cluster.replication_factor_min is invalid",
        "{\"connection_manager\": 7} | cluster.connection_manager is invalid",
      })
  void read_invalidValue_isRejectedNamingThePath(String clusterJson, String message) {
    assertThatThrownBy(() -> load(clusterJson, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isPresent());
  }

  @Test
  void constructor_zeroReplicationFactor_isRejected() {
    ClusterConfig d = ClusterConfig.defaults();

    assertThatThrownBy(
            () ->
                new ClusterConfig(
                    d.peername(),
                    d.secret(),
                    false,
                    d.listenMultiaddress(),
                    d.announceMultiaddress(),
                    d.noAnnounceMultiaddress(),
                    true,
                    d.connectionManager(),
                    d.resourceManager(),
                    d.pubsub(),
                    d.dialPeerTimeout(),
                    d.stateSyncInterval(),
                    d.pinRecoverInterval(),
                    0,
                    0,
                    d.monitorPingInterval(),
                    d.peerWatchInterval(),
                    d.mdnsInterval(),
                    false,
                    false,
                    false,
                    false,
                    "",
                    d.peerAddresses()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster.replication_factor_min is invalid: must not be 0");
  }

  @Test
  void secret_errorDoesNotPrintTheSecret() {
    String almost = SECRET.substring(1);

    assertThatThrownBy(() -> load("{\"secret\": \"" + almost + "\"}", Map.of()))
        .hasMessageNotContaining(almost)
        .hasMessageContaining("63 characters");
  }
}

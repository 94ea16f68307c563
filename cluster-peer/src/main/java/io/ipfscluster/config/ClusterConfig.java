package io.ipfscluster.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The {@code cluster} section: the peer's name, the cluster secret, the peer network's addresses
 * and limits, the intervals of the peer's background loops and the default replication factors.
 *
 * <p>Multiaddresses are kept as their text. Differences from the original (design §10): {@code
 * disable_repinning} defaults to false, and the default {@code listen_multiaddress} is only {@code
 * /ip4/0.0.0.0/tcp/9096} (no QUIC).
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the JSON path
 * when a value breaks the rules of spec §6.2.
 */
public record ClusterConfig(
    String peername,
    String secret,
    boolean leaveOnShutdown,
    List<String> listenMultiaddress,
    List<String> announceMultiaddress,
    List<String> noAnnounceMultiaddress,
    boolean enableRelayHop,
    ConnectionManagerConfig connectionManager,
    ResourceManagerConfig resourceManager,
    PubSubConfig pubsub,
    Duration dialPeerTimeout,
    Duration stateSyncInterval,
    Duration pinRecoverInterval,
    int replicationFactorMin,
    int replicationFactorMax,
    Duration monitorPingInterval,
    Duration peerWatchInterval,
    Duration mdnsInterval,
    boolean pinOnlyOnTrustedPeers,
    boolean pinOnlyOnUntrustedPeers,
    boolean disableRepinning,
    boolean followerMode,
    String peerstoreFile,
    List<String> peerAddresses) {
  static final String PATH = "cluster";

  /** The peerstore file name when {@code peerstore_file} is not set. */
  public static final String DEFAULT_PEERSTORE_FILE = "peerstore";

  public ClusterConfig {
    secret = secret.toLowerCase(Locale.ROOT);
    Require.that(
        secret.isEmpty() || secret.matches("[0-9a-f]{64}"),
        PATH + ".secret",
        "must be 64 hex characters or empty",
        secret.length() + " characters");
    listenMultiaddress = List.copyOf(listenMultiaddress);
    announceMultiaddress = List.copyOf(announceMultiaddress);
    noAnnounceMultiaddress = List.copyOf(noAnnounceMultiaddress);
    peerAddresses = List.copyOf(peerAddresses);
    Require.notEmpty(PATH + ".listen_multiaddress", listenMultiaddress);
    Require.multiaddrs(PATH + ".listen_multiaddress", listenMultiaddress);
    Require.multiaddrs(PATH + ".announce_multiaddress", announceMultiaddress);
    Require.multiaddrs(PATH + ".no_announce_multiaddress", noAnnounceMultiaddress);
    Require.multiaddrs(PATH + ".peer_addresses", peerAddresses);
    Require.positive(PATH + ".dial_peer_timeout", dialPeerTimeout);
    Require.positive(PATH + ".state_sync_interval", stateSyncInterval);
    Require.positive(PATH + ".pin_recover_interval", pinRecoverInterval);
    Require.positive(PATH + ".monitor_ping_interval", monitorPingInterval);
    Require.positive(PATH + ".peer_watch_interval", peerWatchInterval);
    Require.notNegative(PATH + ".mdns_interval", mdnsInterval); // 0 disables mDNS
    checkReplicationFactors(replicationFactorMin, replicationFactorMax);
    Require.that(
        !(pinOnlyOnTrustedPeers && pinOnlyOnUntrustedPeers),
        PATH + ".pin_only_on_untrusted_peers",
        "cannot be true together with pin_only_on_trusted_peers",
        null);
  }

  private static void checkReplicationFactors(int min, int max) {
    String minPath = PATH + ".replication_factor_min";
    String maxPath = PATH + ".replication_factor_max";
    Require.that(min != 0, minPath, "must not be 0 (-1 means every peer)", min);
    Require.that(max != 0, maxPath, "must not be 0 (-1 means every peer)", max);
    Require.that(min >= -1, minPath, "must be >= -1", min);
    Require.that(max >= -1, maxPath, "must be >= -1", max);
    Require.that(
        (min == -1) == (max == -1),
        min == -1 ? maxPath : minPath,
        "must be -1 when replication_factor_" + (min == -1 ? "min" : "max") + " is -1",
        min == -1 ? max : min);
    Require.that(min <= max, minPath, "must be <= replication_factor_max (" + max + ")", min);
  }

  /**
   * The defaults the original's {@code init} writes, without a secret: this is the base a loaded
   * file is applied to. {@code peername} is the host name.
   */
  public static ClusterConfig defaults() {
    return new ClusterConfig(
        LocalHost.NAME,
        "",
        false,
        List.of("/ip4/0.0.0.0/tcp/9096"),
        List.of(),
        List.of(),
        true,
        ConnectionManagerConfig.defaults(),
        ResourceManagerConfig.defaults(),
        PubSubConfig.defaults(),
        Duration.ofSeconds(3),
        Duration.ofMinutes(5),
        Duration.ofMinutes(12),
        -1,
        -1,
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        false,
        false,
        false,
        false,
        "",
        List.of());
  }

  /** A new random cluster secret: 32 bytes from a {@link SecureRandom}, as 64 hex characters. */
  public static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** This configuration with another secret (64 hex characters, or empty for none). */
  public ClusterConfig withSecret(String newSecret) {
    return new ClusterConfig(
        peername,
        newSecret,
        leaveOnShutdown,
        listenMultiaddress,
        announceMultiaddress,
        noAnnounceMultiaddress,
        enableRelayHop,
        connectionManager,
        resourceManager,
        pubsub,
        dialPeerTimeout,
        stateSyncInterval,
        pinRecoverInterval,
        replicationFactorMin,
        replicationFactorMax,
        monitorPingInterval,
        peerWatchInterval,
        mdnsInterval,
        pinOnlyOnTrustedPeers,
        pinOnlyOnUntrustedPeers,
        disableRepinning,
        followerMode,
        peerstoreFile,
        peerAddresses);
  }

  /** The 32-byte secret, or an empty array when the cluster runs without one. */
  public byte[] secretBytes() {
    return HexFormat.of().parseHex(secret);
  }

  /** The peerstore file: {@code peerstore_file} (or "peerstore") resolved against the folder. */
  public Path peerstorePath(Path configDir) {
    return configDir.resolve(peerstoreFile.isEmpty() ? DEFAULT_PEERSTORE_FILE : peerstoreFile);
  }

  static ClusterConfig read(SectionReader r) {
    ClusterConfig d = defaults();
    return new ClusterConfig(
        r.string("peername", d.peername),
        r.exactString("secret", d.secret),
        r.bool("leave_on_shutdown", d.leaveOnShutdown),
        r.multiaddrs("listen_multiaddress", d.listenMultiaddress),
        r.multiaddrs("announce_multiaddress", d.announceMultiaddress),
        r.multiaddrs("no_announce_multiaddress", d.noAnnounceMultiaddress),
        r.bool("enable_relay_hop", d.enableRelayHop),
        ConnectionManagerConfig.read(r.child("connection_manager")),
        ResourceManagerConfig.read(r.child("resource_manager")),
        PubSubConfig.read(r.child("pubsub")),
        r.duration("dial_peer_timeout", d.dialPeerTimeout),
        r.duration("state_sync_interval", d.stateSyncInterval),
        r.duration("pin_recover_interval", d.pinRecoverInterval),
        r.count("replication_factor_min", d.replicationFactorMin),
        r.count("replication_factor_max", d.replicationFactorMax),
        r.duration("monitor_ping_interval", d.monitorPingInterval),
        r.duration("peer_watch_interval", d.peerWatchInterval),
        r.duration("mdns_interval", d.mdnsInterval),
        r.bool("pin_only_on_trusted_peers", d.pinOnlyOnTrustedPeers),
        r.bool("pin_only_on_untrusted_peers", d.pinOnlyOnUntrustedPeers),
        r.bool("disable_repinning", d.disableRepinning),
        r.bool("follower_mode", d.followerMode),
        r.string("peerstore_file", d.peerstoreFile),
        r.multiaddrs("peer_addresses", d.peerAddresses));
  }

  void write(SectionWriter w) {
    w.put("peername", peername)
        .put("secret", secret)
        .put("leave_on_shutdown", leaveOnShutdown)
        .putMultiaddrs("listen_multiaddress", listenMultiaddress)
        .putMultiaddrs("announce_multiaddress", announceMultiaddress)
        .putMultiaddrs("no_announce_multiaddress", noAnnounceMultiaddress)
        .put("enable_relay_hop", enableRelayHop);
    connectionManager.write(w.object("connection_manager"));
    resourceManager.write(w.object("resource_manager"));
    pubsub.write(w.object("pubsub"));
    w.put("dial_peer_timeout", dialPeerTimeout)
        .put("state_sync_interval", stateSyncInterval)
        .put("pin_recover_interval", pinRecoverInterval)
        .put("replication_factor_min", replicationFactorMin)
        .put("replication_factor_max", replicationFactorMax)
        .put("monitor_ping_interval", monitorPingInterval)
        .put("peer_watch_interval", peerWatchInterval)
        .put("mdns_interval", mdnsInterval)
        .put("pin_only_on_trusted_peers", pinOnlyOnTrustedPeers)
        .put("pin_only_on_untrusted_peers", pinOnlyOnUntrustedPeers)
        .put("disable_repinning", disableRepinning);
    if (followerMode) {
      w.put("follower_mode", true);
    }
    if (!peerstoreFile.isEmpty()) {
      w.put("peerstore_file", peerstoreFile);
    }
    w.put("peer_addresses", peerAddresses);
  }

  /** The host name, read once: the kernel's name where available (no DNS lookup), else Java's. */
  private static final class LocalHost {
    static final String NAME = lookup();

    private static String lookup() {
      try {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(kernel)) {
          String name = Files.readString(kernel).trim();
          if (!name.isEmpty()) {
            return name;
          }
        }
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }
  }
}

package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link IpfsHttpConnector} needs from {@code ipfs_connector.ipfshttp}: where the node's RPC
 * API listens and how long each kind of call may take. The peer's composition root maps the
 * configuration onto this record.
 *
 * <p>A timeout of zero means "no limit" (the original rejects only negative values, and then fails
 * every call or panics on zero).
 *
 * <p>Immutable and thread-safe. The constructor throws {@link IllegalArgumentException} naming the
 * configuration key of a bad value.
 *
 * @param nodeAddress the RPC API: {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} or {@code
 *     /unix/<socket path>}; a trailing {@code /https} or {@code /tls/http} means HTTPS
 * @param https whether to speak HTTPS to a TCP address
 * @param requestTimeout {@code ipfs_request_timeout}: every call without a timeout of its own
 * @param pinTimeout {@code pin_timeout}: how long a pin may go without fetching a new block
 * @param unpinTimeout {@code unpin_timeout}: the whole {@code pin/rm} call
 * @param repoGcTimeout {@code repogc_timeout}: the whole {@code repo/gc} call
 * @param connectSwarmsDelay {@code connect_swarms_delay}: wait after the node is ready before
 *     connecting it to the other peers' nodes; zero turns that off
 * @param informerTriggerInterval {@code informer_trigger_interval}: every this many pins, block
 *     writes and GCs the peer's informers are asked to send metrics; zero turns that off
 * @param unpinDisable {@code unpin_disable}: refuse every unpin
 */
public record IpfsHttpSettings(
    Multiaddr nodeAddress,
    boolean https,
    Duration requestTimeout,
    Duration pinTimeout,
    Duration unpinTimeout,
    Duration repoGcTimeout,
    Duration connectSwarmsDelay,
    int informerTriggerInterval,
    boolean unpinDisable) {

  /** The configuration section, the prefix of every setting named in errors. */
  public static final String SECTION = "ipfs_connector.ipfshttp";

  public IpfsHttpSettings {
    Objects.requireNonNull(nodeAddress, SECTION + ".node_multiaddress");
    NodeEndpoint.of(nodeAddress, https); // validates
    requireNotNegative("ipfs_request_timeout", requestTimeout);
    requireNotNegative("pin_timeout", pinTimeout);
    requireNotNegative("unpin_timeout", unpinTimeout);
    requireNotNegative("repogc_timeout", repoGcTimeout);
    requireNotNegative("connect_swarms_delay", connectSwarmsDelay);
    if (informerTriggerInterval < 0) {
      throw new IllegalArgumentException(
          SECTION
              + ".informer_trigger_interval must not be negative, got "
              + informerTriggerInterval);
    }
  }

  /** The original's defaults for a node at {@code /ip4/127.0.0.1/tcp/5001}. */
  public static IpfsHttpSettings defaults() {
    return forNode(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
  }

  /** The original's defaults for the node at {@code nodeAddress}. */
  public static IpfsHttpSettings forNode(Multiaddr nodeAddress) {
    boolean https = nodeAddress.has(Protocol.HTTPS) || nodeAddress.has(Protocol.TLS);
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofHours(3),
        Duration.ofHours(24),
        Duration.ofSeconds(30),
        0,
        false);
  }

  /** These settings with another {@code ipfs_request_timeout}. */
  public IpfsHttpSettings withRequestTimeout(Duration d) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        d,
        pinTimeout,
        unpinTimeout,
        repoGcTimeout,
        connectSwarmsDelay,
        informerTriggerInterval,
        unpinDisable);
  }

  /** These settings with another {@code pin_timeout}. */
  public IpfsHttpSettings withPinTimeout(Duration d) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        d,
        unpinTimeout,
        repoGcTimeout,
        connectSwarmsDelay,
        informerTriggerInterval,
        unpinDisable);
  }

  /** These settings with another {@code unpin_timeout}. */
  public IpfsHttpSettings withUnpinTimeout(Duration d) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        pinTimeout,
        d,
        repoGcTimeout,
        connectSwarmsDelay,
        informerTriggerInterval,
        unpinDisable);
  }

  /** These settings with another {@code repogc_timeout}. */
  public IpfsHttpSettings withRepoGcTimeout(Duration d) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        pinTimeout,
        unpinTimeout,
        d,
        connectSwarmsDelay,
        informerTriggerInterval,
        unpinDisable);
  }

  /** These settings with another {@code connect_swarms_delay}. */
  public IpfsHttpSettings withConnectSwarmsDelay(Duration d) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        pinTimeout,
        unpinTimeout,
        repoGcTimeout,
        d,
        informerTriggerInterval,
        unpinDisable);
  }

  /** These settings with another {@code informer_trigger_interval}. */
  public IpfsHttpSettings withInformerTriggerInterval(int n) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        pinTimeout,
        unpinTimeout,
        repoGcTimeout,
        connectSwarmsDelay,
        n,
        unpinDisable);
  }

  /** These settings with {@code unpin_disable} set to {@code disable}. */
  public IpfsHttpSettings withUnpinDisable(boolean disable) {
    return new IpfsHttpSettings(
        nodeAddress,
        https,
        requestTimeout,
        pinTimeout,
        unpinTimeout,
        repoGcTimeout,
        connectSwarmsDelay,
        informerTriggerInterval,
        disable);
  }

  /** These settings with HTTPS on or off. */
  public IpfsHttpSettings withHttps(boolean on) {
    return new IpfsHttpSettings(
        nodeAddress,
        on,
        requestTimeout,
        pinTimeout,
        unpinTimeout,
        repoGcTimeout,
        connectSwarmsDelay,
        informerTriggerInterval,
        unpinDisable);
  }

  private static void requireNotNegative(String key, Duration d) {
    Objects.requireNonNull(d, SECTION + "." + key);
    if (d.isNegative()) {
      throw new IllegalArgumentException(SECTION + "." + key + " must not be negative, got " + d);
    }
  }
}

package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code ipfs_connector.ipfshttp}: how the peer talks to its IPFS node over the kubo RPC API.
 * {@code connect_swarms_delay} 0 turns swarm connecting off; {@code informer_trigger_interval} 0
 * turns the pin-count trigger off; {@code unpin_disable} is written only when true.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path of a
 * value that breaks the rules.
 */
public record IpfsHttpConfig(
    String nodeMultiaddress,
    Duration connectSwarmsDelay,
    Duration ipfsRequestTimeout,
    Duration pinTimeout,
    Duration unpinTimeout,
    Duration repogcTimeout,
    int informerTriggerInterval,
    boolean unpinDisable) {
  static final String KEY = "ipfshttp";
  static final String PATH = "ipfs_connector.ipfshttp";

  public IpfsHttpConfig {
    Require.multiaddr(PATH + ".node_multiaddress", nodeMultiaddress);
    Require.notNegative(PATH + ".connect_swarms_delay", connectSwarmsDelay);
    Require.notNegative(PATH + ".ipfs_request_timeout", ipfsRequestTimeout);
    Require.notNegative(PATH + ".pin_timeout", pinTimeout);
    Require.notNegative(PATH + ".unpin_timeout", unpinTimeout);
    Require.notNegative(PATH + ".repogc_timeout", repogcTimeout);
    Require.notNegative(PATH + ".informer_trigger_interval", informerTriggerInterval);
  }

  /** The node at {@code /ip4/127.0.0.1/tcp/5001} and the original's timeouts. */
  public static IpfsHttpConfig defaults() {
    return new IpfsHttpConfig(
        "/ip4/127.0.0.1/tcp/5001",
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofHours(3),
        Duration.ofHours(24),
        0,
        false);
  }

  static IpfsHttpConfig read(SectionReader r) {
    IpfsHttpConfig d = defaults();
    return new IpfsHttpConfig(
        r.string("node_multiaddress", d.nodeMultiaddress),
        r.duration("connect_swarms_delay", d.connectSwarmsDelay),
        r.duration("ipfs_request_timeout", d.ipfsRequestTimeout),
        r.duration("pin_timeout", d.pinTimeout),
        r.duration("unpin_timeout", d.unpinTimeout),
        r.duration("repogc_timeout", d.repogcTimeout),
        r.integer("informer_trigger_interval", d.informerTriggerInterval),
        r.bool("unpin_disable", d.unpinDisable));
  }

  void write(SectionWriter w) {
    w.put("node_multiaddress", nodeMultiaddress)
        .put("connect_swarms_delay", connectSwarmsDelay)
        .put("ipfs_request_timeout", ipfsRequestTimeout)
        .put("pin_timeout", pinTimeout)
        .put("unpin_timeout", unpinTimeout)
        .put("repogc_timeout", repogcTimeout)
        .put("informer_trigger_interval", informerTriggerInterval);
    if (unpinDisable) {
      w.put("unpin_disable", true);
    }
  }
}

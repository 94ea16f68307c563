package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code cluster.pubsub}: the gossip layer that carries metrics and CRDT heads. {@code d_factor}
 * multiplies the default mesh degrees; {@code history_gossip} and {@code history_length} count
 * heartbeats.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>The constructor throws {@link ConfigException} when an interval or count is not positive.
 */
public record PubSubConfig(
    Duration seenMessagesTtl,
    Duration heartbeatInterval,
    int dFactor,
    int historyGossip,
    int historyLength,
    boolean floodPublish) {
  static final String PATH = "cluster.pubsub";

  public PubSubConfig {
    Require.positive(PATH + ".seen_messages_ttl", seenMessagesTtl);
    Require.positive(PATH + ".heartbeat_interval", heartbeatInterval);
    Require.positive(PATH + ".d_factor", dFactor);
    Require.positive(PATH + ".history_gossip", historyGossip);
    Require.positive(PATH + ".history_length", historyLength);
  }

  /** 30m0s, 10s, 4, 2, 6, no flood publish. */
  public static PubSubConfig defaults() {
    return new PubSubConfig(Duration.ofMinutes(30), Duration.ofSeconds(10), 4, 2, 6, false);
  }

  static PubSubConfig read(SectionReader r) {
    PubSubConfig d = defaults();
    return new PubSubConfig(
        r.duration("seen_messages_ttl", d.seenMessagesTtl),
        r.duration("heartbeat_interval", d.heartbeatInterval),
        r.integer("d_factor", d.dFactor),
        r.integer("history_gossip", d.historyGossip),
        r.integer("history_length", d.historyLength),
        r.bool("flood_publish", d.floodPublish));
  }

  void write(SectionWriter w) {
    w.put("seen_messages_ttl", seenMessagesTtl)
        .put("heartbeat_interval", heartbeatInterval)
        .put("d_factor", dFactor)
        .put("history_gossip", historyGossip)
        .put("history_length", historyLength)
        .put("flood_publish", floodPublish);
  }
}

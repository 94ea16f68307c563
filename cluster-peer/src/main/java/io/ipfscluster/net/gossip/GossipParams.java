package io.ipfscluster.net.gossip;

import io.ipfscluster.config.PubSubConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of a {@link GossipRouter}. Immutable and thread-safe.
 *
 * <p>Mesh degree. Issue 5 asks for a bounded mesh of degree about 6, and {@link #defaults()} is
 * that: D = 6 (5 to 12), gossipsub's own defaults. A peer started from its configuration uses
 * {@link #of(PubSubConfig)} instead, and there the spec decides: {@code cluster.pubsub.d_factor}
 * (default 4, spec §6.2) multiplies gossipsub's degrees in the original, so a default {@code
 * service.json} means D = 24 (20 to 48). We keep that meaning rather than quietly reading the key
 * differently: in clusters of up to 25 peers every subscriber is then in every mesh, so messages
 * are flooded (each peer forwards each one to all the others), and per-peer traffic stops growing
 * with cluster size only beyond that. An operator who wants the leaner mesh sets {@code d_factor}
 * to 1 (D = 6), as in the original.
 *
 * @param d the mesh degree each topic's mesh is brought back to
 * @param dLow below this many mesh peers, the heartbeat grafts more
 * @param dHigh above this many, the heartbeat prunes back to {@code d}; grafts beyond it are
 *     refused
 * @param dLazy how many non-mesh peers receive IHAVE gossip per topic per heartbeat
 * @param heartbeatInterval how often the mesh is maintained and gossip is emitted
 * @param historyLength heartbeats a message stays available for IWANT
 * @param historyGossip heartbeats a message is advertised in IHAVE, from the heartbeat after the
 *     one it arrived in; less than {@code historyLength}, so what is advertised can be fetched
 * @param seenTtl how long a message ID is remembered for de-duplication
 * @param fanoutTtl how long the fanout peers of a topic published to, but not subscribed, are kept
 * @param pruneBackoff how long a pruned pair of peers waits before grafting each other again
 * @param maxFrameBytes larger frames are dropped on receipt and never sent
 * @param maxIHaveLength message IDs asked for (IWANT) per peer per heartbeat, and advertised per
 *     IHAVE
 * @param maxIHaveMessages IHAVE entries accepted per peer per heartbeat
 * @param gossipRetransmission times one message is sent to one peer in answer to IWANT
 * @param floodPublish whether own messages go to every peer of the topic instead of the mesh
 */
public record GossipParams(
    int d,
    int dLow,
    int dHigh,
    int dLazy,
    Duration heartbeatInterval,
    int historyLength,
    int historyGossip,
    Duration seenTtl,
    Duration fanoutTtl,
    Duration pruneBackoff,
    int maxFrameBytes,
    int maxIHaveLength,
    int maxIHaveMessages,
    int gossipRetransmission,
    boolean floodPublish) {
  public GossipParams {
    if (dLow < 1 || d < dLow || dHigh < d) {
      throw new IllegalArgumentException(
          "mesh degrees must satisfy 1 <= d_low <= d <= d_high, got d_low "
              + dLow
              + ", d "
              + d
              + ", d_high "
              + dHigh);
    }
    if (dLazy < 0) {
      throw new IllegalArgumentException("d_lazy must not be negative, got " + dLazy);
    }
    positive("heartbeat_interval", heartbeatInterval);
    positive("seen_ttl", seenTtl);
    positive("fanout_ttl", fanoutTtl);
    Objects.requireNonNull(pruneBackoff, "prune_backoff");
    if (historyGossip < 1 || historyLength <= historyGossip) {
      throw new IllegalArgumentException(
          "history must satisfy 1 <= history_gossip < history_length, got "
              + historyGossip
              + " and "
              + historyLength);
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("max_frame_bytes must be >= 1024, got " + maxFrameBytes);
    }
    if (maxIHaveLength < 1 || maxIHaveMessages < 1 || gossipRetransmission < 1) {
      throw new IllegalArgumentException("IHAVE/IWANT limits must be positive");
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /**
   * Degree 6 (5 to 12), 6 lazy peers, a 1 s heartbeat, 5 heartbeats of history of which 3 are
   * gossiped, seen IDs kept 30 min, fanout 60 s, prune backoff 60 s, frames up to 1 MiB, at most
   * 5000 IDs asked per peer per heartbeat, 10 IHAVE entries, 3 retransmissions, no flood publish.
   */
  public static GossipParams defaults() {
    return new GossipParams(
        6,
        5,
        12,
        6,
        Duration.ofSeconds(1),
        5,
        3,
        Duration.ofMinutes(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        1 << 20,
        5000,
        10,
        3,
        false);
  }

  /**
   * The parameters of {@code cluster.pubsub}, as the original derives them: degrees 6, 5, 12 and
   * lazy degree 6 times {@code d_factor} (so 24, 20, 48 and 24 with the default factor 4; see the
   * class comment), and its heartbeat, history, seen TTL and flood publish. The history is
   * stretched to at least two heartbeats, and the gossip history shortened below it, since the
   * newest heartbeat's messages are not advertised.
   */
  public static GossipParams of(PubSubConfig c) {
    GossipParams d = defaults();
    int f = c.dFactor();
    int historyLength = Math.max(2, c.historyLength());
    return new GossipParams(
        6 * f,
        5 * f,
        12 * f,
        6 * f,
        c.heartbeatInterval(),
        historyLength,
        Math.min(c.historyGossip(), historyLength - 1),
        c.seenMessagesTtl(),
        d.fanoutTtl,
        d.pruneBackoff,
        d.maxFrameBytes,
        d.maxIHaveLength,
        d.maxIHaveMessages,
        d.gossipRetransmission,
        c.floodPublish());
  }

  /** These parameters with mesh degrees {@code dLow <= d <= dHigh}. */
  public GossipParams withDegrees(int d, int dLow, int dHigh) {
    return new GossipParams(
        d,
        dLow,
        dHigh,
        dLazy,
        heartbeatInterval,
        historyLength,
        historyGossip,
        seenTtl,
        fanoutTtl,
        pruneBackoff,
        maxFrameBytes,
        maxIHaveLength,
        maxIHaveMessages,
        gossipRetransmission,
        floodPublish);
  }

  /** These parameters with another heartbeat interval. */
  public GossipParams withHeartbeatInterval(Duration interval) {
    return new GossipParams(
        d,
        dLow,
        dHigh,
        dLazy,
        interval,
        historyLength,
        historyGossip,
        seenTtl,
        fanoutTtl,
        pruneBackoff,
        maxFrameBytes,
        maxIHaveLength,
        maxIHaveMessages,
        gossipRetransmission,
        floodPublish);
  }
}

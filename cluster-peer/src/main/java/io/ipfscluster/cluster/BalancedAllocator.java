package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders peers for allocation by the metrics of {@code allocator.balanced.allocate_by}, so that
 * replicas spread over tag values and land on the heaviest peers (spec §8.1, the original's
 * balanced allocator).
 *
 * <p>Immutable and thread-safe.
 */
final class BalancedAllocator {
  /*
   * The peers form a tree with one level per allocate_by metric. At each level a partitionable
   * metric (a tag) puts the peers with the same value in one partition; any other metric gives each
   * peer its own partition. A partition's weight is the sum of its peers' metric weights, its
   * aggregated weight that plus the aggregated weights of its sub-partitions. Partitions are sorted
   * by weight, then aggregated weight (both descending), then value (ascending, as text).
   *
   * Peers are then emitted round-robin: each level takes its next peer from the partition after the
   * one it used last, skipping exhausted ones, so consecutive choices come from different tag
   * values for as long as there are values left.
   *
   * Where the original leaves the order to chance (equal weights and values, or several peers in
   * one bottom partition) we break ties with a hash of the CID and the peer: one CID always gets the
   * same order, and different CIDs spread over equally good peers until the metrics change.
   */

  private final List<String> allocateBy;

  /**
   * @param allocateBy metric names, most significant first ({@code tag:<name>} for a tag)
   * @throws IllegalArgumentException when {@code allocateBy} is empty
   */
  BalancedAllocator(List<String> allocateBy) {
    if (allocateBy.isEmpty()) {
      throw new IllegalArgumentException("allocate_by must name at least one metric");
    }
    this.allocateBy = List.copyOf(allocateBy);
  }

  /** The metric names this allocator orders by, most significant first. */
  List<String> metricNames() {
    return allocateBy;
  }

  /**
   * Orders {@code peers}, best first.
   *
   * @param peers the peers to order, each with one metric per name of {@link #metricNames}
   * @param metrics each peer's metrics, in the order of {@link #metricNames}
   * @param cid the CID being allocated (seeds tie-breaking), or null when not known yet
   * @return every peer of {@code peers}, once
   */
  List<PeerId> order(List<PeerId> peers, Map<PeerId, Metric[]> metrics, Cid cid) {
    if (peers.isEmpty()) {
      return List.of();
    }
    long seed = cid == null ? 0 : mix(cid.hashCode());
    Level root = level(0, peers, metrics, seed);
    List<PeerId> out = new ArrayList<>(peers.size());
    for (PeerId p = root.next(); p != null; p = root.next()) {
      out.add(p);
    }
    return out;
  }

  private Level level(int depth, List<PeerId> peers, Map<PeerId, Metric[]> metrics, long seed) {
    Map<String, Partition> byValue = new LinkedHashMap<>();
    List<Partition> parts = new ArrayList<>();
    for (PeerId p : peers) {
      Metric m = metrics.get(p)[depth];
      long tie = tieKey(p, seed);
      Partition part = m.partitionable() ? byValue.get(m.value()) : null;
      if (part == null) {
        part = new Partition(m.value());
        parts.add(part);
        if (m.partitionable()) {
          byValue.put(m.value(), part);
        }
      }
      part.add(p, m.weight(), tie);
    }
    boolean bottom = depth == allocateBy.size() - 1;
    for (Partition part : parts) {
      part.aggregated = part.weight;
      if (bottom) {
        part.peers.sort(
            Comparator.comparingLong((PeerId p) -> tieKey(p, seed)).thenComparing(p -> p));
      } else {
        part.sub = level(depth + 1, part.peers, metrics, seed);
        for (Partition child : part.sub.parts) {
          part.aggregated = saturatedAdd(part.aggregated, child.aggregated);
        }
      }
    }
    parts.sort(BY_PREFERENCE);
    return new Level(parts);
  }

  private static final Comparator<Partition> BY_PREFERENCE =
      Comparator.comparingLong((Partition p) -> p.weight)
          .reversed()
          .thenComparing(Comparator.comparingLong((Partition p) -> p.aggregated).reversed())
          .thenComparing(p -> p.value)
          .thenComparingLong(p -> p.tie)
          .thenComparing(p -> p.peers.get(0));

  /** The partitions of one metric among some peers, with the round-robin cursor. */
  private static final class Level {
    final List<Partition> parts;
    int cursor;
    boolean exhausted;

    Level(List<Partition> parts) {
      this.parts = parts;
    }

    /** The next peer, from the partition after the one used last; null when none is left. */
    PeerId next() {
      if (exhausted || parts.isEmpty()) {
        return null;
      }
      for (int tried = 0; tried < parts.size(); tried++) {
        Partition part = parts.get(cursor);
        cursor = (cursor + 1) % parts.size();
        PeerId p = part.next();
        if (p != null) {
          return p;
        }
      }
      exhausted = true;
      return null;
    }
  }

  /** Peers sharing a value of one metric (or one peer, for a metric that does not partition). */
  private static final class Partition {
    final String value;
    final List<PeerId> peers = new ArrayList<>();
    long weight;
    long aggregated;
    long tie = Long.MAX_VALUE;
    Level sub;
    int used;

    Partition(String value) {
      this.value = value;
    }

    void add(PeerId peer, long w, long tieKey) {
      peers.add(peer);
      weight = saturatedAdd(weight, w);
      tie = Math.min(tie, tieKey);
    }

    PeerId next() {
      if (sub != null) {
        return sub.next();
      }
      return used < peers.size() ? peers.get(used++) : null;
    }
  }

  private static long tieKey(PeerId peer, long seed) {
    return mix(peer.hashCode() * 0x9E3779B97F4A7C15L + seed);
  }

  /** A 64-bit finaliser (MurmurHash3's fmix64): spreads nearby inputs over the whole range. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}

package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
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

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

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
   * Orders peers, best first.
   *
   * @param peers the peers to order, each with one metric per name of {@link #metricNames}, in that
   *     order
   * @param cid the CID being allocated (seeds tie-breaking), or null when not known yet
   * @param limit how many peers are wanted at most
   * @return the first {@code limit} peers in order, each once
   */
  List<PeerId> order(Map<PeerId, Metric[]> peers, Cid cid, int limit) {
    if (peers.isEmpty() || limit <= 0) {
      return List.of();
    }
    long seed = cid == null ? 0 : mix(cid.hashCode());
    List<Candidate> candidates = new ArrayList<>(peers.size());
    for (Map.Entry<PeerId, Metric[]> e : peers.entrySet()) {
      PeerId p = e.getKey();
      candidates.add(new Candidate(p, e.getValue(), mix(p.hashCode() * GOLDEN + seed)));
    }
    Level root = level(0, candidates);
    List<PeerId> out = new ArrayList<>(Math.min(limit, peers.size()));
    for (Candidate c = root.next(); c != null; c = out.size() < limit ? root.next() : null) {
      out.add(c.peer);
    }
    return out;
  }

  /** Every peer of {@code peers}, best first: {@link #order(Map, Cid, int)} without a limit. */
  List<PeerId> order(Map<PeerId, Metric[]> peers, Cid cid) {
    return order(peers, cid, Integer.MAX_VALUE);
  }

  /** A peer with its metrics and its tie-breaking key for this allocation. */
  private record Candidate(PeerId peer, Metric[] metrics, long tie) {}

  private Level level(int depth, List<Candidate> candidates) {
    Map<String, Partition> byValue = new HashMap<>();
    List<Partition> parts = new ArrayList<>();
    for (Candidate c : candidates) {
      Metric m = c.metrics[depth];
      Partition part;
      if (m.partitionable()) {
        part = byValue.computeIfAbsent(m.value(), Partition::new);
        if (part.candidates.isEmpty()) {
          parts.add(part);
        }
      } else {
        part = new Partition(m.value());
        parts.add(part);
      }
      part.add(c, m.weight());
    }
    boolean bottom = depth == allocateBy.size() - 1;
    for (Partition part : parts) {
      part.aggregated = part.weight;
      if (bottom) {
        if (part.candidates.size() > 1) {
          part.candidates.sort(BalancedAllocator::byTie);
        }
      } else {
        part.sub = level(depth + 1, part.candidates);
        for (Partition child : part.sub.parts) {
          part.aggregated = saturatedAdd(part.aggregated, child.aggregated);
        }
      }
    }
    parts.sort(BalancedAllocator::byPreference);
    return new Level(parts);
  }

  /** Heavier first, then heavier with sub-partitions, then by value as text, then by tie key. */
  private static int byPreference(Partition a, Partition b) {
    int c = Long.compare(b.weight, a.weight);
    if (c == 0) {
      c = Long.compare(b.aggregated, a.aggregated);
    }
    if (c == 0) {
      c = a.value.compareTo(b.value);
    }
    if (c == 0) {
      c = byTie(a.first, b.first);
    }
    return c;
  }

  private static int byTie(Candidate a, Candidate b) {
    int c = Long.compare(a.tie, b.tie);
    return c != 0 ? c : a.peer.compareTo(b.peer);
  }

  /** The partitions of one metric among some peers, with the round-robin cursor. */
  private static final class Level {
    final List<Partition> parts;
    int cursor;
    boolean exhausted;

    Level(List<Partition> parts) {
      this.parts = parts;
    }

    /** The next peer, from the partition after the one used last; null when none is left. */
    Candidate next() {
      if (exhausted || parts.isEmpty()) {
        return null;
      }
      for (int tried = 0; tried < parts.size(); tried++) {
        Partition part = parts.get(cursor);
        cursor = (cursor + 1) % parts.size();
        Candidate c = part.next();
        if (c != null) {
          return c;
        }
      }
      exhausted = true;
      return null;
    }
  }

  /** Peers sharing a value of one metric (or one peer, for a metric that does not partition). */
  private static final class Partition {
    final String value;
    final List<Candidate> candidates = new ArrayList<>(1);
    long weight;
    long aggregated;
    Candidate first; // the one with the smallest tie key
    Level sub;
    int used;

    Partition(String value) {
      this.value = value;
    }

    void add(Candidate c, long w) {
      candidates.add(c);
      weight = saturatedAdd(weight, w);
      if (first == null || byTie(c, first) < 0) {
        first = c;
      }
    }

    Candidate next() {
      if (sub != null) {
        return sub.next();
      }
      return used < candidates.size() ? candidates.get(used++) : null;
    }
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

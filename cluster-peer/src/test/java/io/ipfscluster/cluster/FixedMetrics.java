package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Peers' latest metrics as a test sets them, read as the peer monitor serves them: by name. Each
 * metric set is valid for a minute after {@link #now} unless said otherwise. Thread-safe.
 */
final class FixedMetrics implements Function<String, List<Metric>> {
  static final List<String> DEFAULT_ALLOCATE_BY = List.of("tag:group", "freespace");

  final Instant now;
  private final Map<String, List<Metric>> byName = new ConcurrentHashMap<>();

  FixedMetrics(Instant now) {
    this.now = now;
  }

  /**
   * Every peer in the default group, with free space decreasing along {@code peers}, so that the
   * allocator prefers them in that order.
   */
  static FixedMetrics ranked(Instant now, List<PeerId> peers) {
    FixedMetrics m = new FixedMetrics(now);
    long free = 1_000_000L * (peers.size() + 1);
    for (PeerId p : peers) {
      m.tag(p, "group", "default").freespace(p, free);
      free -= 1_000_000L;
    }
    return m;
  }

  /**
   * An allocation with the default {@code allocate_by} over the peers of {@code consensus}, each in
   * the default group and preferred in the order of {@code consensus.peers()}.
   */
  static Allocation allocation(MemoryConsensus consensus, Instant now) {
    FixedMetrics m = ranked(now, consensus.peers());
    return m.allocation(consensus::peers, Set.of());
  }

  /** An allocation with the default {@code allocate_by}, over {@code peerset}, excluding some. */
  Allocation allocation(Supplier<List<PeerId>> peerset, Set<PeerId> untrusted) {
    return allocation(DEFAULT_ALLOCATE_BY, peerset, untrusted);
  }

  Allocation allocation(
      List<String> allocateBy, Supplier<List<PeerId>> peerset, Set<PeerId> untrusted) {
    return new Allocation(
        new BalancedAllocator(allocateBy),
        this,
        peerset,
        p -> !untrusted.contains(p),
        InstantSource.fixed(now),
        "test");
  }

  /** A valid {@code tag:<tag>} metric (partitionable, weight 0), as the tags informer sends. */
  FixedMetrics tag(PeerId peer, String tag, String value) {
    return put(metric("tag:" + tag, peer, value, 0, true, true, Duration.ofMinutes(1)));
  }

  /** A {@code freespace} metric as the disk informer sends: weight = bytes, invalid when ≤ 0. */
  FixedMetrics freespace(PeerId peer, long bytes) {
    return put(
        metric(
            "freespace",
            peer,
            Long.toString(bytes),
            bytes,
            bytes > 0,
            false,
            Duration.ofMinutes(1)));
  }

  /** Replaces the metric of {@code m.peer()} named {@code m.name()}. */
  FixedMetrics put(Metric m) {
    List<Metric> list = byName.computeIfAbsent(m.name(), k -> new CopyOnWriteArrayList<>());
    list.removeIf(old -> old.peer().equals(m.peer()));
    list.add(m);
    return this;
  }

  /** Adds {@code m} without replacing anything (a source that returns several per peer). */
  FixedMetrics add(Metric m) {
    byName.computeIfAbsent(m.name(), k -> new CopyOnWriteArrayList<>()).add(m);
    return this;
  }

  /** Forgets every metric of {@code peer} named {@code name}. */
  FixedMetrics remove(PeerId peer, String name) {
    byName.getOrDefault(name, new ArrayList<>()).removeIf(m -> m.peer().equals(peer));
    return this;
  }

  /** A metric received {@link #now} that expires {@code ttl} later (negative: already expired). */
  Metric metric(
      String name,
      PeerId peer,
      String value,
      long weight,
      boolean valid,
      boolean partitionable,
      Duration ttl) {
    return new Metric(
        name, peer, value, nanos(now.plus(ttl)), valid, weight, partitionable, nanos(now));
  }

  @Override
  public List<Metric> apply(String name) {
    return List.copyOf(byName.getOrDefault(name, List.of()));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}

package io.ipfscluster.monitor;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The metrics received, by name and then by peer, each pair in a {@link MetricWindow}. Bounded: at
 * most {@code maxNames} names and {@code maxPeers} peers per name; a metric beyond either bound is
 * refused. Not thread-safe: {@link PeerMonitor} guards it.
 */
final class MetricStore {
  private static final Comparator<Metric> BY_PEER = Comparator.comparing(m -> m.peer().toString());

  private final int windowCapacity;
  private final int maxNames;
  private final int maxPeers;
  private final Map<String, Map<PeerId, MetricWindow>> byName = new TreeMap<>();

  MetricStore(int windowCapacity, int maxNames, int maxPeers) {
    this.windowCapacity = windowCapacity;
    this.maxNames = maxNames;
    this.maxPeers = maxPeers;
  }

  /**
   * Adds {@code m} (whose peer is set) to its window.
   *
   * @return false when a bound refused it
   */
  boolean add(Metric m) {
    Map<PeerId, MetricWindow> peers = byName.get(m.name());
    if (peers == null) {
      if (byName.size() >= maxNames) {
        return false;
      }
      peers = new HashMap<>();
      byName.put(m.name(), peers);
    }
    MetricWindow w = peers.get(m.peer());
    if (w == null) {
      if (peers.size() >= maxPeers) {
        return false;
      }
      w = new MetricWindow(windowCapacity);
      peers.put(m.peer(), w);
    }
    w.add(m);
    return true;
  }

  /**
   * The latest metric of {@code name} of each peer that is valid and not expired at {@code now}.
   */
  List<Metric> latestValid(String name, Instant now) {
    List<Metric> out = new ArrayList<>();
    byName
        .getOrDefault(name, Map.of())
        .values()
        .forEach(
            w -> {
              if (!w.latest().discardAt(now)) {
                out.add(w.latest());
              }
            });
    out.sort(BY_PEER);
    return out;
  }

  /** The latest metric of {@code name} of {@code peer}, even if invalid or expired. */
  Optional<Metric> latest(String name, PeerId peer) {
    MetricWindow w = byName.getOrDefault(name, Map.of()).get(peer);
    return w == null ? Optional.empty() : Optional.of(w.latest());
  }

  /** Every metric of {@code name} of {@code peer} kept, newest first. */
  List<Metric> window(String name, PeerId peer) {
    MetricWindow w = byName.getOrDefault(name, Map.of()).get(peer);
    return w == null ? List.of() : w.all();
  }

  /** Whether {@code peer} has any metric that is not expired at {@code now}. */
  boolean isLive(PeerId peer, Instant now) {
    for (Map<PeerId, MetricWindow> peers : byName.values()) {
      MetricWindow w = peers.get(peer);
      if (w != null && !w.latest().expiredAt(now)) {
        return true;
      }
    }
    return false;
  }

  /** The names known, sorted. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Calls {@code action} with the name and latest metric of every window. */
  void forEachLatest(BiConsumer<String, Metric> action) {
    byName.forEach((name, peers) -> peers.values().forEach(w -> action.accept(name, w.latest())));
  }

  /** Drops every window of {@code peer}, then empty names. */
  void forget(PeerId peer) {
    byName.values().forEach(peers -> peers.remove(peer));
    byName.values().removeIf(Map::isEmpty);
  }

  /** Drops the windows whose latest metric expired before {@code before}, then empty names. */
  int forgetExpiredBefore(Instant before) {
    int dropped = 0;
    for (var it = byName.values().iterator(); it.hasNext(); ) {
      Map<PeerId, MetricWindow> peers = it.next();
      int size = peers.size();
      peers.values().removeIf(w -> w.latest().expireInstant().isBefore(before));
      dropped += size - peers.size();
      if (peers.isEmpty()) {
        it.remove();
      }
    }
    return dropped;
  }
}

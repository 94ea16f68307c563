package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the peers that pin a CID, by the rules of spec §8.1: only peers of the peerset with a
 * valid metric for every name the {@link BalancedAllocator} orders by are considered; existing
 * allocations are kept while they satisfy the replication factors (shrunk to the maximum, grown
 * only below the minimum); new ones come from the user's allocations first, then the other
 * candidates, each group in the allocator's order; too few candidates is an error with the
 * original's message.
 *
 * <p>Thread-safe if its metric source, peerset and filter are.
 */
final class Allocation {
  private static final Logger log = LoggerFactory.getLogger(Allocation.class);

  /**
   * Which peers may be allocated at all, from {@code cluster.pin_only_on_trusted_peers} and {@code
   * pin_only_on_untrusted_peers}.
   *
   * @param trusted whether consensus trusts a peer
   */
  static Predicate<PeerId> trustFilter(
      boolean onlyTrusted, boolean onlyUntrusted, Predicate<PeerId> trusted) {
    if (onlyTrusted) {
      return trusted;
    }
    if (onlyUntrusted) {
      return trusted.negate();
    }
    return p -> true;
  }

  private final BalancedAllocator allocator;
  private final Function<String, List<Metric>> metrics;
  private final Supplier<List<PeerId>> peerset;
  private final Predicate<PeerId> mayPin;
  private final InstantSource clock;
  private final String logPrefix;

  /**
   * @param allocator orders the candidates
   * @param metrics the latest metric of each peer with the given name (expired and invalid ones and
   *     peers outside the peerset are ignored)
   * @param peerset the current cluster peers
   * @param mayPin which peers may be allocated (see {@link #trustFilter})
   * @param logPrefix this peer's short id, for logs
   */
  Allocation(
      BalancedAllocator allocator,
      Function<String, List<Metric>> metrics,
      Supplier<List<PeerId>> peerset,
      Predicate<PeerId> mayPin,
      InstantSource clock,
      String logPrefix) {
    this.allocator = allocator;
    this.metrics = metrics;
    this.peerset = peerset;
    this.mayPin = mayPin;
    this.clock = clock;
    this.logPrefix = logPrefix;
  }

  /**
   * The peers that receive the blocks of an add pinned everywhere: every peer of the peerset, as
   * every one of them pins it (the trust settings only restrict allocations).
   */
  List<PeerId> everywhere() {
    return List.copyOf(peerset.get());
  }

  /**
   * The allocations for {@code cid}.
   *
   * @param cid the CID, or null when not known yet (the blocks of an add are allocated first)
   * @param current the pin's existing allocations (empty for a new pin)
   * @param priority the user's preferred peers
   * @param blacklist peers that must not be chosen (a peer that went down)
   * @return the peers, kept current ones first; empty for "everywhere" (both factors negative)
   * @throws ClusterException (INVALID) for bad factors, (FAILED) when there are too few peers
   */
  List<PeerId> allocate(
      Cid cid,
      int rmin,
      int rmax,
      List<PeerId> current,
      List<PeerId> priority,
      Set<PeerId> blacklist) {
    if (rmin + rmax == 0) {
      throw new ClusterException(
          ClusterException.Kind.INVALID, "bad replication factors: " + rmin + "/" + rmax);
    }
    if (rmin < 0 && rmax < 0) {
      return List.of();
    }
    Map<PeerId, Metric[]> usable = usableMetrics(blacklist);
    List<PeerId> valid = new ArrayList<>();
    for (PeerId p : new LinkedHashSet<>(current)) {
      if (usable.containsKey(p)) {
        valid.add(p);
      }
    }
    int needed = rmin - valid.size();
    int wanted = rmax - valid.size();
    if (wanted < 0) {
      return List.copyOf(valid.subList(0, rmax));
    }
    if (needed <= 0) {
      return List.copyOf(current); // enough live allocations: keep them all, as the original does
    }
    Map<PeerId, Metric[]> preferred = new LinkedHashMap<>();
    for (PeerId p : priority) {
      Metric[] row = usable.get(p);
      if (row != null && !valid.contains(p)) {
        preferred.put(p, row);
      }
    }
    Map<PeerId, Metric[]> others = usable;
    if (!valid.isEmpty() || !preferred.isEmpty()) {
      others = new HashMap<>(usable);
      others.keySet().removeAll(valid);
      others.keySet().removeAll(preferred.keySet());
    }
    int available = preferred.size() + others.size();
    if (available < needed) {
      log.error(
          "{} not enough peers to allocate {}: needed {}, wanted {}, candidates {} then {}",
          logPrefix,
          cid == null ? "new content" : cid,
          needed,
          wanted,
          preferred.keySet(),
          others.keySet());
      throw notEnoughPeers(needed, wanted, available);
    }
    List<PeerId> out = new ArrayList<>(valid);
    out.addAll(allocator.order(preferred, cid, wanted));
    out.addAll(allocator.order(others, cid, rmax - out.size()));
    log.debug(
        "{} allocated {} to {} (kept {}, needed {}, wanted {})",
        logPrefix,
        cid,
        out,
        valid.size(),
        needed,
        wanted);
    return List.copyOf(out);
  }

  /**
   * The peers that may be allocated, each with a valid metric for every name the allocator orders
   * by (in that order): peers of the peerset, not blacklisted, passing the trust filter.
   */
  private Map<PeerId, Metric[]> usableMetrics(Set<PeerId> blacklist) {
    List<String> names = allocator.metricNames();
    List<PeerId> members = peerset.get();
    Map<PeerId, Metric[]> byPeer = HashMap.newHashMap(members.size());
    for (PeerId p : members) {
      if (!blacklist.contains(p) && mayPin.test(p)) {
        byPeer.put(p, new Metric[names.size()]);
      }
    }
    Instant now = clock.instant();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      for (Metric m : metrics.apply(name)) {
        Metric[] row = m.peer() == null ? null : byPeer.get(m.peer());
        if (row == null || !name.equals(m.name()) || m.discardAt(now)) {
          continue;
        }
        if (row[i] == null || m.expire() > row[i].expire()) {
          row[i] = m;
        }
      }
    }
    byPeer.values().removeIf(row -> Arrays.asList(row).contains(null));
    return byPeer;
  }

  static ClusterException notEnoughPeers(int needed, int wanted, int available) {
    return new ClusterException(
        ClusterException.Kind.FAILED,
        "not enough peers to allocate CID. Needed at least: "
            + needed
            + ". Wanted at most: "
            + wanted
            + ". Available candidates: "
            + available
            + ". See logs for more info.");
  }
}

package io.ipfscluster.cluster;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the peers that pin a CID, by the rules of spec §8.1: existing allocations on live peers
 * are kept while they satisfy the replication factors, user allocations come first among new ones,
 * and too few candidates is an error with the original's message.
 *
 * <p>Which peers are candidates and in which order they are preferred is the job of the {@link
 * Candidates} strategy (metrics-based balancing plugs in there). Thread-safe if the strategy is.
 */
final class Allocation {
  /** Supplies the live peers that may pin, best first. */
  interface Candidates {
    /**
     * The peers that may be allocated {@code cid}, in order of preference; {@code cid} is null when
     * it is not known yet (the blocks of an add are allocated before its root exists).
     */
    List<PeerId> rank(Cid cid);
  }

  private final Candidates candidates;

  Allocation(Candidates candidates) {
    this.candidates = candidates;
  }

  /** Every live peer that may pin {@code cid} (null: not known yet), best first. */
  List<PeerId> candidates(Cid cid) {
    return List.copyOf(candidates.rank(cid));
  }

  /**
   * The allocations for {@code cid}.
   *
   * @param current the pin's existing allocations (empty for a new pin)
   * @param priority the user's preferred peers
   * @param blacklist peers that must not be chosen (a peer that went down)
   * @return the peers, current ones first; empty for "everywhere" (both factors -1)
   * @throws ClusterException (INVALID) for bad factors, (FAILED) when there are too few peers
   */
  List<PeerId> allocate(
      Cid cid,
      int rmin,
      int rmax,
      List<PeerId> current,
      List<PeerId> priority,
      Set<PeerId> blacklist) {
    if (rmin == 0 && rmax == 0) {
      throw new ClusterException(ClusterException.Kind.INVALID, "bad replication factors");
    }
    if (rmin < 0 && rmax < 0) {
      return List.of();
    }
    Set<PeerId> live = new LinkedHashSet<>(candidates.rank(cid));
    live.removeAll(blacklist);
    List<PeerId> valid = new ArrayList<>();
    for (PeerId p : current) {
      if (live.contains(p)) {
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
    Set<PeerId> ordered = new LinkedHashSet<>();
    for (PeerId p : priority) {
      if (live.contains(p) && !valid.contains(p)) {
        ordered.add(p);
      }
    }
    for (PeerId p : live) {
      if (!valid.contains(p)) {
        ordered.add(p);
      }
    }
    if (ordered.size() < needed) {
      throw notEnoughPeers(needed, wanted, ordered.size());
    }
    List<PeerId> out = new ArrayList<>(valid);
    ordered.stream().limit(Math.min(wanted, ordered.size())).forEach(out::add);
    return List.copyOf(out);
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

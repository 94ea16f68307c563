package io.ipfscluster.cluster;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.ClusterException.Kind;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Pinning and unpinning: the rules of spec §1.3 and §8.2 (replication defaults, validation, re-pin
 * rules and their messages, allocation, pin update, sharded DAGs), then the commit through
 * consensus. Thread-safe.
 */
final class Pinning {
  static final String FOLLOWER_MODE =
      "this peer is configured to be in follower mode. Write operations are disabled";

  /** Settings of the {@code cluster} section that pinning needs. */
  record Settings(int defaultReplicationMin, int defaultReplicationMax, boolean followerMode) {}

  private final Settings settings;
  private final Consensus consensus;
  private final IpfsConnector ipfs;
  private final Allocation allocation;
  private final InstantSource clock;

  Pinning(
      Settings settings,
      Consensus consensus,
      IpfsConnector ipfs,
      Allocation allocation,
      InstantSource clock) {
    this.settings = settings;
    this.consensus = consensus;
    this.ipfs = ipfs;
    this.allocation = allocation;
    this.clock = clock;
  }

  /** Pins a CID as a data pin with the mode of {@code options}. */
  Pin pin(Cid cid, PinOptions options) {
    return pin(Pin.of(cid, options), Set.of());
  }

  /** Resolves {@code path} through IPFS, then pins its CID. */
  Pin pinPath(String path, PinOptions options) {
    return pin(resolve(path), options);
  }

  Pin unpinPath(String path) {
    return unpin(resolve(path));
  }

  private Cid resolve(String path) {
    return ipfs.resolve(path);
  }

  /**
   * Commits {@code pin}, allocating it unless it carries allocations. {@code blacklist} keeps peers
   * out of new allocations (used when re-pinning away from a failed peer).
   */
  Pin pin(Pin pin, Set<PeerId> blacklist) {
    checkWritable();
    PinOptions o = pin.options();
    if (o.pinUpdate() != null && !o.pinUpdate().equals(pin.cid())) {
      return pinUpdate(o.pinUpdate(), pin);
    }
    Optional<Pin> existing = consensus.state().get(pin.cid());
    int rmin =
        o.replicationFactorMin() == 0 ? settings.defaultReplicationMin() : o.replicationFactorMin();
    int rmax =
        o.replicationFactorMax() == 0 ? settings.defaultReplicationMax() : o.replicationFactorMax();
    checkReplication(rmin, rmax);
    o = o.withReplication(rmin, rmax);
    if (o.expires() && !o.expireAt().isAfter(clock.instant())) {
      throw new ClusterException(Kind.INVALID, "pin.ExpireAt set before current time");
    }
    pin = pin.withOptions(o);
    if (existing.isPresent()) {
      checkRepin(existing.get(), pin);
    }
    checkType(pin);
    pin = pin.withTimestamp(GoTime.toSeconds(clock.instant()));
    if (pin.type() != PinType.META) {
      if (o.everywhere()) {
        pin = pin.withAllocations(List.of());
      } else if (pin.allocations().isEmpty()) {
        List<PeerId> current = existing.map(Pin::allocations).orElse(List.of());
        pin =
            pin.withAllocations(
                allocation.allocate(
                    pin.cid(), rmin, rmax, current, o.userAllocations(), blacklist));
      }
    }
    consensus.logPin(pin);
    return pin;
  }

  /**
   * The peers whose IPFS nodes receive the blocks of an add pinned with {@code options} (the
   * original's {@code BlockAllocate}): the defaults and checks of a pin, then every live peer when
   * pinning everywhere, else an allocation for a new pin.
   *
   * @throws ClusterException in follower mode, for bad replication factors or a past expiry, or
   *     when there are too few peers
   */
  List<PeerId> allocateBlocks(PinOptions o) {
    checkWritable();
    int rmin =
        o.replicationFactorMin() == 0 ? settings.defaultReplicationMin() : o.replicationFactorMin();
    int rmax =
        o.replicationFactorMax() == 0 ? settings.defaultReplicationMax() : o.replicationFactorMax();
    checkReplication(rmin, rmax);
    if (o.expires() && !o.expireAt().isAfter(clock.instant())) {
      throw new ClusterException(Kind.INVALID, "pin.ExpireAt set before current time");
    }
    if (rmin < 0) {
      return allocation.everywhere();
    }
    return allocation.allocate(null, rmin, rmax, List.of(), o.userAllocations(), Set.of());
  }

  /**
   * Pins {@code to} as an update of {@code from} (spec §8.2): {@code from} must be a data pin in
   * the pinset ({@link ClusterException#notInPinset()} otherwise); the new pin copies its
   * allocations, factors and metadata, takes the name and expiry given, and {@code from} stays
   * pinned.
   */
  private Pin pinUpdate(Cid from, Pin to) {
    // The original answers its state's "not found" here, so REST answers 404 as for a pin get.
    Pin old = consensus.state().get(from).orElseThrow(ClusterException::notInPinset);
    if (old.type() != PinType.DATA) {
      throw new ClusterException(Kind.INVALID, "pin update: only data pins can be updated");
    }
    PinOptions given = to.options();
    PinOptions o = old.options().withPinUpdate(from).withUserAllocations(List.of());
    if (!given.name().isEmpty()) {
      o = o.withName(given.name());
    }
    if (given.expires() && given.expireAt().isAfter(clock.instant())) {
      o = o.withExpireAt(given.expireAt());
    }
    Pin updated =
        new Pin(
            to.cid(),
            PinType.DATA,
            old.allocations(),
            old.maxDepth(),
            null,
            GoTime.toSeconds(clock.instant()),
            o);
    consensus.logPin(updated);
    return updated;
  }

  /**
   * Re-allocates {@code pin} away from {@code failed} (spec §8.3): something moves only when the
   * pin's allocations on live peers other than {@code failed} fell below its {@code
   * replication_factor_min}; the allocator then keeps the valid ones and adds new peers. Commits
   * only a changed allocation.
   *
   * @return the re-allocated pin, or empty when its allocations stay as they are
   * @throws ClusterException in follower mode, or when there are too few peers to reach the minimum
   */
  Optional<Pin> repinAway(Pin pin, PeerId failed) {
    return repinAway(pin, failed, false);
  }

  /**
   * As {@link #repinAway(Pin, PeerId)}; when {@code removed}, {@code failed} was removed from the
   * cluster and leaves the allocations in any case, replaced only if the others fall below the
   * minimum.
   */
  Optional<Pin> repinAway(Pin pin, PeerId failed, boolean removed) {
    checkWritable();
    if (!pin.allocations().contains(failed)) {
      return Optional.empty();
    }
    PinOptions o = pin.options();
    int rmin =
        o.replicationFactorMin() == 0 ? settings.defaultReplicationMin() : o.replicationFactorMin();
    int rmax =
        o.replicationFactorMax() == 0 ? settings.defaultReplicationMax() : o.replicationFactorMax();
    if (rmin < 0) {
      return Optional.empty(); // pinned everywhere: nothing to move
    }
    List<PeerId> current =
        removed
            ? pin.allocations().stream().filter(p -> !p.equals(failed)).toList()
            : pin.allocations();
    List<PeerId> next =
        allocation.allocate(pin.cid(), rmin, rmax, current, List.of(), Set.of(failed));
    if (next.equals(pin.allocations())) {
      return Optional.empty();
    }
    Pin moved = pin.withAllocations(next).withTimestamp(GoTime.toSeconds(clock.instant()));
    consensus.logPin(moved);
    return Optional.of(moved);
  }

  /** Removes {@code cid} from the pinset. Returns the pin as it was. */
  Pin unpin(Cid cid) {
    checkWritable();
    Pin pin = consensus.state().get(cid).orElseThrow(ClusterException::notInPinset);
    switch (pin.type()) {
      case DATA, BAD -> consensus.logUnpin(pin);
      case META ->
          // The shards are listed only in the cluster DAG's dag-cbor node, read from IPFS; that
          // comes with sharded adds.
          throw new ClusterException(
              Kind.FAILED, "unpinning a sharded DAG is not supported yet: " + pin.cid());
      case SHARD, CLUSTER_DAG ->
          throw new ClusterException(
              Kind.INVALID, "cannot unpin a shard directly. Unpin content root CID instead.");
    }
    return pin;
  }

  /**
   * Unpins the pins whose {@code expire_at} has passed and that are {@code mine} (the original's
   * state sync, spec §8.5: each expired pin is unpinned by the trusted peer closest to it, so one
   * peer does it). Returns how many were unpinned.
   */
  int unpinExpired(Predicate<Cid> mine) {
    if (settings.followerMode()) {
      return 0;
    }
    var now = clock.instant();
    List<Pin> expired;
    try (var pins = consensus.state().list()) {
      // Unpinning while the listing is open would write under an open cursor, so collect first;
      // at most 10,000 per run keeps memory bounded, and the next run takes the rest.
      expired =
          pins.filter(p -> p.options().expires() && !p.options().expireAt().isAfter(now))
              .filter(p -> mine.test(p.cid()))
              .limit(10_000)
              .toList();
    }
    expired.forEach(consensus::logUnpin);
    return expired.size();
  }

  private void checkWritable() {
    if (settings.followerMode()) {
      throw new ClusterException(Kind.INVALID, FOLLOWER_MODE);
    }
  }

  static void checkReplication(int rmin, int rmax) {
    if (rmin == 0 || rmax == 0) {
      throw new ClusterException(Kind.INVALID, "bad replication factors: zero");
    }
    if ((rmin == -1 || rmax == -1) && rmin != rmax) {
      throw new ClusterException(
          Kind.INVALID,
          "bad replication factors: min ("
              + rmin
              + ") and max ("
              + rmax
              + ") must both be -1 to pin everywhere");
    }
    if (rmin < -1 || rmax < -1) {
      throw new ClusterException(Kind.INVALID, "bad replication factors: less than -1");
    }
    if (rmax != -1 && rmin > rmax) {
      throw new ClusterException(
          Kind.INVALID,
          "bad replication factors: min (" + rmin + ") is larger than max (" + rmax + ")");
    }
  }

  private static void checkRepin(Pin existing, Pin pin) {
    if (existing.type() != pin.type()) {
      throw new ClusterException(
          Kind.INVALID,
          "cannot repin CID with different tracking method, clear state with pin rm to proceed."
              + " New: "
              + pin.type()
              + ". Was: "
              + existing.type());
    }
    if (existing.mode() == PinMode.RECURSIVE && pin.mode() == PinMode.DIRECT) {
      throw new ClusterException(
          Kind.INVALID,
          "cannot repin a CID which is already pinned in recursive mode (new pin is pinned as"
              + " direct). Unpin it first.");
    }
  }

  private static void checkType(Pin pin) {
    String problem =
        switch (pin.type()) {
          case DATA -> pin.reference() != null ? "data pins cannot have a reference" : null;
          case SHARD ->
              pin.maxDepth() != 1 && pin.maxDepth() != 2
                  ? "shard pins must have max_depth 1 or 2"
                  : null;
          case CLUSTER_DAG ->
              pin.maxDepth() != 0 || pin.reference() == null
                  ? "cluster DAG pins must have max_depth 0 and a reference"
                  : null;
          case META ->
              !pin.allocations().isEmpty() || pin.reference() == null
                  ? "meta pins must have no allocations and a reference"
                  : null;
          case BAD -> "bad pin type";
        };
    if (problem != null) {
      throw new ClusterException(Kind.INVALID, problem + " (" + pin.cid() + ")");
    }
  }
}

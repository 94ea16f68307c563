package io.ipfscluster.pintracker;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the status of pins on this peer from the operation tracker, the pinset and the IPFS
 * node, as the original's stateless tracker does (spec §8.4).
 *
 * <p>Thread-safe: it holds no mutable state; each listing keeps its own IPFS pinset.
 */
final class StatusReader {
  private static final Logger log = LoggerFactory.getLogger("pintracker");

  /** The original's error for a pin that is allocated here and not pinned in IPFS. */
  static final String UNEXPECTEDLY_UNPINNED = "the item should be pinned but it is not";

  /** The IPFS pin types that make a CID pinned: an indirect pin does not (spec §2). */
  static final Set<String> PINNED_TYPES = Set.of("recursive", "direct");

  private static final int NEEDS_IPFS =
      TrackerStatus.PINNED.bit() | TrackerStatus.UNEXPECTEDLY_UNPINNED.bit();
  private static final int NEEDS_STATE =
      NEEDS_IPFS | TrackerStatus.SHARDED.bit() | TrackerStatus.REMOTE.bit();

  /** A pin of the state with its status here. */
  record Entry(Pin pin, PinInfo info) {}

  private final PeerId self;
  private final String peerName;
  private final IpfsConnector ipfs;
  private final PinsetView state;
  private final OperationTracker ops;
  private final InstantSource clock;
  private final Supplier<IpfsInfo> ipfsIdentity;
  private final String logPrefix;

  StatusReader(
      PeerId self,
      String peerName,
      IpfsConnector ipfs,
      PinsetView state,
      OperationTracker ops,
      InstantSource clock,
      Supplier<IpfsInfo> ipfsIdentity) {
    this.self = self;
    this.peerName = peerName;
    this.ipfs = ipfs;
    this.state = state;
    this.ops = ops;
    this.clock = clock;
    this.ipfsIdentity = ipfsIdentity;
    this.logPrefix = self.shortString();
  }

  /**
   * The status of {@code cid}: its operation's if it has one; else unpinned when not in the state,
   * sharded for a meta pin, remote when allocated elsewhere, and otherwise what IPFS says. Failures
   * to read the state or ask IPFS give {@code cluster_error} with the failure's text.
   */
  PinInfo status(Cid cid) {
    IpfsInfo id = ipfsIdentity.get();
    Operation op = ops.get(cid);
    if (op != null) {
      return op.info(self, peerName, id);
    }
    Optional<Pin> found;
    try {
      found = state.get(cid);
    } catch (RuntimeException e) {
      log.error("{} could not read {} from the state: {}", logPrefix, cid, message(e));
      return info(Pin.of(cid), id, TrackerStatus.CLUSTER_ERROR, clock.instant(), message(e));
    }
    if (found.isEmpty()) {
      return info(Pin.of(cid), id, TrackerStatus.UNPINNED, clock.instant(), "");
    }
    Pin pin = found.get();
    if (pin.type() == PinType.META) {
      return info(pin, id, TrackerStatus.SHARDED, pin.timestamp(), "");
    }
    if (isRemote(pin)) {
      return info(pin, id, TrackerStatus.REMOTE, pin.timestamp(), "");
    }
    IpfsPinStatus inIpfs;
    try {
      inIpfs = ipfs.pinLsCid(pin);
    } catch (RuntimeException e) {
      log.error("{} could not ask IPFS about {}: {}", logPrefix, cid, message(e));
      return info(pin, id, TrackerStatus.CLUSTER_ERROR, pin.timestamp(), message(e));
    }
    TrackerStatus status = inIpfs.toTrackerStatus();
    if (status == TrackerStatus.UNPINNED) {
      return info(
          pin, id, TrackerStatus.UNEXPECTEDLY_UNPINNED, pin.timestamp(), UNEXPECTEDLY_UNPINNED);
    }
    return info(pin, id, status, pin.timestamp(), "");
  }

  /**
   * Streams the statuses matching {@code filter}, in CID byte order. A filter of operation statuses
   * only (queued, pinning, errors…) lists the operations; any other lists every pin of the state,
   * its operation's status winning, and asks IPFS for its pinset once, up front, when the filter
   * selects pinned or unexpectedly_unpinned.
   *
   * @throws ClusterException when IPFS cannot list its pins
   */
  Stream<PinInfo> statusAll(StatusFilter filter) {
    if (!selectsAny(filter, NEEDS_STATE)) {
      IpfsInfo id = ipfsIdentity.get();
      // In CID order like the state, so that peers' listings merge (the operations are held
      // already: sorting them costs a reference each).
      return ops.all()
          .filter(op -> filter.matches(op.status()))
          .sorted(Comparator.comparing(Operation::cid))
          .map(op -> op.info(self, peerName, id))
          .filter(i -> filter.matches(i.status()));
    }
    return entries(filter).map(Entry::info);
  }

  /**
   * Streams every pin of the state whose status here matches {@code filter}, with that status: see
   * {@link #statusAll}. Memory: the IPFS pinset as a {@link CidSet}, nothing per state pin.
   */
  Stream<Entry> entries(StatusFilter filter) {
    IpfsInfo id = ipfsIdentity.get();
    CidSet pinnedInIpfs = selectsAny(filter, NEEDS_IPFS) ? ipfsPinset() : new CidSet();
    boolean onlySharded = filter.mask() == TrackerStatus.SHARDED.bit();
    Stream<Pin> pins = state.list(onlySharded ? PinType.META.bit() : PinType.ALL);
    return pins.<Entry>mapMulti(
        (pin, out) -> {
          PinInfo info = stateStatus(pin, pinnedInIpfs, id);
          if (filter.matches(info.status())) {
            out.accept(new Entry(pin, info));
          }
        });
  }

  private PinInfo stateStatus(Pin pin, CidSet pinnedInIpfs, IpfsInfo id) {
    Operation op = ops.get(pin.cid());
    if (op != null) {
      return op.info(self, peerName, id);
    }
    if (pin.type() == PinType.META) {
      return info(pin, id, TrackerStatus.SHARDED, pin.timestamp(), "");
    }
    if (isRemote(pin)) {
      return info(pin, id, TrackerStatus.REMOTE, pin.timestamp(), "");
    }
    if (pinnedInIpfs.contains(pin.cid())) {
      return info(pin, id, TrackerStatus.PINNED, pin.timestamp(), "");
    }
    return info(
        pin, id, TrackerStatus.UNEXPECTEDLY_UNPINNED, pin.timestamp(), UNEXPECTEDLY_UNPINNED);
  }

  /** The node's recursive and direct pins, from one streaming listing. */
  private CidSet ipfsPinset() {
    CidSet set = new CidSet();
    try (Stream<IpfsPinInfo> listing = ipfs.pinLs(PINNED_TYPES)) {
      listing.forEach(
          p -> {
            if (p.type().toTrackerStatus() == TrackerStatus.PINNED) {
              set.add(p.cid());
            }
          });
    } catch (RuntimeException e) {
      String error = "could not get pinset from IPFS: " + message(e);
      log.error("{} {}", logPrefix, error);
      throw new ClusterException(ClusterException.Kind.FAILED, error, e);
    }
    return set;
  }

  /** Whether the pin is allocated to other peers only (the original's {@code IsRemotePin}). */
  boolean isRemote(Pin pin) {
    return !pin.everywhere() && !pin.isAllocatedTo(self);
  }

  private PinInfo info(Pin pin, IpfsInfo id, TrackerStatus status, Instant ts, String error) {
    PinInfoShort peerStatus =
        new PinInfoShort(peerName, id.id(), id.addresses(), status, ts, error, 0, false);
    return PinInfo.of(pin, self, peerStatus);
  }

  private static boolean selectsAny(StatusFilter filter, int statuses) {
    return filter.mask() == 0 || (filter.mask() & statuses) != 0;
  }

  /** The text of a failure, as the original reports errors: the message, or the type if none. */
  static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}

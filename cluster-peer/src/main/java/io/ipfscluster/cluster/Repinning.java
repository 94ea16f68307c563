package io.ipfscluster.cluster;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves pins away from a peer that went down (spec §8.3, design §10): when the peer monitor reports
 * a peer's {@code ping} expired, and the peer stays down for a grace period, each pin allocated to
 * it is re-pinned with the peer excluded, by exactly one peer of the cluster: the one closest to
 * the CID ({@link Closeness}) among the trusted live peers.
 *
 * <p>Storm-safe by construction. Only pins whose live allocations fell below their {@code
 * replication_factor_min} change ({@link Pinning#repinAway}); at most {@link
 * Settings#pinsPerSecond} pins are examined for re-pinning each second; the pinset is walked in CID
 * order a page at a time, so no listing stays open while pins are written and memory does not grow
 * with the pinset. A peer that comes back before its grace period ends moves nothing, and one that
 * comes back during the walk stops it: pins already moved stay where they went and nothing moves
 * twice.
 *
 * <p>A peer removed from the cluster ({@link #peerRemoved}) is handled as one that went down, at
 * once and for good: no grace period, {@link #peerUp} does not stop it, it runs even with {@code
 * disable_repinning}, since the operator asked for the peer's pins to move (spec §8.3: the
 * original's {@code PeerRemove} vacates the peer the same way), and the removed peer leaves the
 * allocations of every pin, even of one whose other allocations still reach its minimum.
 *
 * <p>Thread-safe. Work runs on virtual threads started by the timer; {@link #close()} stops it.
 */
public final class Repinning implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Repinning.class);

  /**
   * When and how fast pins move.
   *
   * @param enabled false with {@code disable_repinning} or in follower mode (followers ignore
   *     alerts)
   * @param grace how long a peer must stay down after its alert before its pins move
   * @param pinsPerSecond how many of the down peer's pins are handled per second, at most
   */
  public record Settings(boolean enabled, Duration grace, int pinsPerSecond) {
    public Settings {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative, got " + grace);
      }
      if (pinsPerSecond <= 0) {
        throw new IllegalArgumentException("pinsPerSecond must be positive, got " + pinsPerSecond);
      }
    }
  }

  private static final Duration TICK = Duration.ofSeconds(1);

  private final PeerId self;
  private final String logId;
  private final Consensus consensus;
  private final Pinning pinning;
  private final Settings settings;
  private final ScheduledExecutorService timer;
  private final Map<PeerId, Walk> walks = new ConcurrentHashMap<>();
  private final Set<PeerId> removed = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Repinning(
      PeerId self,
      Consensus consensus,
      Pinning pinning,
      Settings settings,
      ScheduledExecutorService timer) {
    this.self = self;
    this.logId = self.shortString();
    this.consensus = consensus;
    this.pinning = pinning;
    this.settings = settings;
    this.timer = timer;
  }

  /**
   * {@code peer} was reported down: unless it comes back within the grace period, this peer re-pins
   * the pins it is closest to. A peer already being handled is not handled twice.
   */
  void peerDown(PeerId peer) {
    if (!settings.enabled() || closed || peer.equals(self) || removed.contains(peer)) {
      return;
    }
    walks.computeIfAbsent(
        peer,
        p -> {
          Walk walk = new Walk(p, false);
          walk.schedule(settings.grace());
          log.info(
              "{} peer {} is down: its pins move in {} unless it comes back",
              logId,
              p.shortString(),
              settings.grace());
          return walk;
        });
  }

  /**
   * {@code peer} was removed from the cluster: this peer re-pins, now, the pins it is closest to
   * among those allocated to the removed peer.
   */
  void peerRemoved(PeerId peer) {
    if (closed || peer.equals(self) || !removed.add(peer)) {
      return;
    }
    Walk walk = new Walk(peer, true);
    Walk before = walks.put(peer, walk);
    if (before != null) {
      before.cancel();
    }
    walk.schedule(Duration.ZERO);
    log.info("{} peer {} was removed: its pins move now", logId, peer.shortString());
  }

  /** {@code peer} is up again: its pins that have not moved yet stay. */
  void peerUp(PeerId peer) {
    if (removed.contains(peer)) {
      return;
    }
    Walk walk = walks.remove(peer);
    if (walk != null) {
      walk.cancel();
      log.info("{} peer {} is back: its remaining pins stay", logId, peer.shortString());
    }
  }

  /** Whether the pins of {@code peer} are waiting to move or moving. */
  boolean handling(PeerId peer) {
    return walks.containsKey(peer);
  }

  @Override
  public void close() {
    closed = true;
    walks.values().forEach(Walk::cancel);
    walks.clear();
  }

  /** One down peer's pins, walked a page per tick. */
  private final class Walk {
    private final PeerId failed;
    private final boolean removal;
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> next;
    private Cid after; // the last CID examined; touched by one tick at a time
    private long moved;
    private long failures;

    Walk(PeerId failed, boolean removal) {
      this.failed = failed;
      this.removal = removal;
    }

    void schedule(Duration delay) {
      if (!cancelled && !closed) {
        next =
            timer.schedule(
                () -> Thread.ofVirtual().name(logId + "-repin").start(this::tick),
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
      }
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
    }

    private void tick() {
      if (cancelled || closed) {
        return;
      }
      List<Pin> page;
      try {
        page = nextPage();
      } catch (RuntimeException e) {
        log.warn("{} cannot list the pins of {}: {}", logId, failed.shortString(), e.toString());
        schedule(TICK);
        return;
      }
      List<PeerId> peers =
          consensus.peers().stream()
              .filter(p -> !p.equals(failed) && consensus.isTrustedPeer(p))
              .toList();
      for (Pin pin : page) {
        if (cancelled || closed) {
          return;
        }
        if (!Closeness.isClosest(self, pin.cid(), peers)) {
          continue;
        }
        try {
          if (pinning.repinAway(pin, failed, removal).isPresent()) {
            moved++;
          }
        } catch (ClusterException e) {
          failures++;
          log.debug(
              "{} cannot re-pin {} away from {}: {}", logId, pin.cid(), failed, e.getMessage());
        }
      }
      if (page.size() < settings.pinsPerSecond()) {
        finish();
      } else {
        schedule(TICK);
      }
    }

    /** Up to {@code pinsPerSecond} pins allocated to the failed peer, after the last one seen. */
    private List<Pin> nextPage() {
      try (Stream<Pin> pins = consensus.state().list(PinType.ALL, after)) {
        List<Pin> page =
            pins.filter(p -> p.allocations().contains(failed))
                .limit(settings.pinsPerSecond())
                .toList();
        if (!page.isEmpty()) {
          after = page.getLast().cid();
        }
        return page;
      }
    }

    private void finish() {
      walks.remove(failed, this);
      if (failures > 0) {
        log.warn(
            "{} re-pinned {} pins away from {}; {} could not be re-pinned (see debug logs)",
            logId,
            moved,
            failed.shortString(),
            failures);
      } else {
        log.info("{} re-pinned {} pins away from {}", logId, moved, failed.shortString());
      }
    }
  }
}

package io.ipfscluster.pintracker;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.config.StatelessTrackerConfig;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pin tracker that keeps no pinset of its own (the original's {@code stateless} tracker, spec
 * §8.4): it reads the cluster's pinset and the IPFS node's pins when asked for a status, and
 * remembers only the operations in flight or failed, one per CID.
 *
 * <p>{@link #track} queues a pin (or, for a pin allocated elsewhere, unpins it in IPFS at once);
 * {@link #untrack} queues an unpin. {@code concurrent_pins} workers take pin operations, priority
 * queue first; one worker takes unpins. A failed operation stays in {@code pin_error} or {@code
 * unpin_error} with the IPFS error until {@link #recover}, {@link #recoverAll} or a new track
 * replaces it. {@link #startLoops} runs recover-all and the cluster's state sync periodically.
 *
 * <p>Thread-safe. {@link #track} and {@link #untrack} throw {@link OperationQueueFullException}
 * when the operation's queue is full, and {@link IllegalStateException} after {@link #close()}.
 */
public final class StatelessPinTracker implements PinTracker {
  private static final Logger log = LoggerFactory.getLogger("pintracker");
  private static final Duration IPFS_ID_MAX_AGE = Duration.ofSeconds(30);
  private static final int MIN_RECOVER_WINDOW = 1024;
  private static final long ROOM_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /*
   * Design notes.
   *
   * Cancellation. The original cancels an operation's context, which aborts its IPFS request. Here
   * the worker running an operation registers its thread with the operation; cancelling the
   * operation interrupts that thread, and the connector's blocking call ends with an exception (the
   * JDK HTTP client and virtual-thread I/O are interruptible). The interrupt is sent only while the
   * thread is registered, under the operation's lock, and the worker clears any leftover interrupt
   * after each operation, so a cancellation never hits the next operation's call.
   *
   * Remote pins. Like the original, track() unpins a remote pin on the caller's thread. That thread
   * belongs to consensus, so a later operation replacing the remote one does not interrupt it.
   * The original asks IPFS for every remote pin it is given, so a peer catching up on a large
   * pinset allocated elsewhere pays one IPFS round trip per pin on the consensus thread. When the
   * consensus says which pin a new one replaced (track(pin, replaced), the CRDT's put hook), a
   * remote pin is unpinned only if the replaced one was allocated here or the tracker holds an
   * operation on the CID: a pin re-allocated away from this peer is still unpinned here. What is
   * left is a node pin of a CID that the cluster never allocated here since it entered the
   * pinset (pinned on the node by hand, or by an older pinset this peer's state was replaced
   * with): the cluster leaves it, as it leaves any pin it does not manage; `ipfs pin rm` removes
   * it.
   *
   * Op wins. statusAll reports an operation's status for a CID that has one, and skips the CID
   * when that status does not match the filter. The original instead falls back to the state and
   * IPFS for such a CID, so a queued pin could show up as unexpectedly_unpinned under
   * filter=unexpectedly_unpinned; status(cid) and statusAll now agree.
   *
   * Recover-all. The original recovers what statusAll(all) lists: state pins only, so an unpin that
   * failed for a CID already gone from the state was never retried. recoverAll also re-queues those.
   *
   * Bounded recover. The periodic recover does not queue every pin that needs it at once (a peer
   * starting on a million pins its IPFS node lacks would hold a million operations). It walks the
   * state on a feeder thread of its own and queues a pin only when fewer than recoverWindow pin
   * operations wait; the walk blocks meanwhile and resumes where it stopped. A pin not queued yet
   * keeps its derived status (unexpectedly_unpinned). While a walk runs, the next recover is
   * skipped; the loop thread never blocks, so the scheduler's other tasks keep running.
   */

  private final PeerId self;
  private final String logPrefix;
  private final IpfsConnector ipfs;
  private final PinsetView state;
  private final StatelessTrackerConfig config;
  private final InstantSource clock;
  private final OperationTracker ops;
  private final StatusReader statuses;
  private final OpQueues queues;
  private final IpfsIdCache ipfsIdCache; // null when the identity comes from the caller
  private final ReentrantLock loopLock = new ReentrantLock();
  private final List<ScheduledFuture<?>> loops = new ArrayList<>();
  private final ThreadFactory threads;
  private final int recoverWindow;
  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition room = roomLock.newCondition();
  private final AtomicBoolean feeding = new AtomicBoolean();
  private volatile Thread feeder;
  private volatile boolean closed;

  /**
   * A tracker for peer {@code self} named {@code peerName}, pinning in {@code ipfs} what {@code
   * state} allocates here. Status reports carry the IPFS node's identity, asked from {@code ipfs}
   * in the background. Workers and background calls run on threads of {@code threads} (virtual
   * threads suit them: they block on IPFS).
   */
  public StatelessPinTracker(
      PeerId self,
      String peerName,
      IpfsConnector ipfs,
      PinsetView state,
      StatelessTrackerConfig config,
      InstantSource clock,
      ThreadFactory threads) {
    this(self, peerName, ipfs, state, config, clock, threads, null);
  }

  /**
   * As {@link #StatelessPinTracker(PeerId, String, IpfsConnector, PinsetView,
   * StatelessTrackerConfig, InstantSource, ThreadFactory)}, with status reports taking the IPFS
   * node's identity from {@code ipfsIdentity} (the peer's cached ping metric, say), which must not
   * block.
   */
  public StatelessPinTracker(
      PeerId self,
      String peerName,
      IpfsConnector ipfs,
      PinsetView state,
      StatelessTrackerConfig config,
      InstantSource clock,
      ThreadFactory threads,
      Supplier<IpfsInfo> ipfsIdentity) {
    this.self = Objects.requireNonNull(self, "self");
    this.logPrefix = self.shortString();
    this.ipfs = Objects.requireNonNull(ipfs, "ipfs");
    this.state = Objects.requireNonNull(state, "state");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.recoverWindow =
        Math.max(
            1,
            Math.min(
                config.maxPinQueueSize(),
                Math.max(MIN_RECOVER_WINDOW, 64 * config.concurrentPins())));
    if (ipfsIdentity == null) {
      ipfsIdCache = new IpfsIdCache(ipfs, clock, threads, IPFS_ID_MAX_AGE);
      ipfsIdentity = ipfsIdCache;
    } else {
      ipfsIdCache = null;
    }
    this.ops = new OperationTracker(clock);
    this.statuses = new StatusReader(self, peerName, ipfs, state, ops, clock, ipfsIdentity);
    this.queues =
        new OpQueues(
            config.maxPinQueueSize(),
            config.concurrentPins(),
            threads,
            op -> apply(op, true),
            op -> apply(op, false),
            logPrefix);
    ipfsIdentity.get(); // warm the identity up for the first status report
  }

  /**
   * {@inheritDoc} Meta pins are ignored (they report {@code sharded} from the state). A pin
   * allocated to other peers only is unpinned in IPFS now, on this thread, and reports {@code
   * remote}; any other pin is queued for pinning.
   */
  @Override
  public void track(Pin pin) {
    checkOpen();
    if (pin.type() == PinType.META) {
      return;
    }
    if (statuses.isRemote(pin)) {
      unpinRemote(pin);
      return;
    }
    enqueue(pin, OpType.PIN);
  }

  /**
   * As {@link #track(Pin)}, knowing that {@code pin} replaced {@code replaced} in the pinset (null:
   * the CID was not in it). A pin allocated elsewhere is unpinned in IPFS only when this peer may
   * have pinned it: {@code replaced} was allocated here, or an operation on the CID is queued,
   * running or failed. Otherwise it costs no IPFS call; see the design notes.
   */
  public void track(Pin pin, Pin replaced) {
    checkOpen();
    if (pin.type() != PinType.META
        && statuses.isRemote(pin)
        && (replaced == null || replaced.type() == PinType.META || statuses.isRemote(replaced))
        && ops.get(pin.cid()) == null) {
      return; // never allocated here since it entered the pinset: nothing to unpin
    }
    track(pin);
  }

  /** {@inheritDoc} Queues an unpin operation, replacing any other operation on {@code cid}. */
  @Override
  public void untrack(Cid cid) {
    checkOpen();
    enqueue(Pin.of(cid), OpType.UNPIN);
  }

  @Override
  public PinInfo status(Cid cid) {
    return statuses.status(cid);
  }

  /**
   * {@inheritDoc} A filter of operation statuses only lists the operations, in no set order. Any
   * other filter walks the state in its order, an operation's status winning; when the filter
   * selects {@code pinned} or {@code unexpectedly_unpinned} it first reads the IPFS node's
   * recursive and direct pins in one listing and holds them in a compact set (about 50 bytes per
   * IPFS pin), and holds nothing per state pin.
   *
   * @throws io.ipfscluster.components.ClusterException when IPFS cannot list its pins
   */
  @Override
  public Stream<PinInfo> statusAll(StatusFilter filter) {
    return statuses.statusAll(filter);
  }

  /**
   * {@inheritDoc} A pin in {@code pin_error} or {@code unexpectedly_unpinned} is queued for pinning
   * again, one in {@code unpin_error} for unpinning; any other status is returned as it is.
   *
   * @throws OperationQueueFullException when the queue is full
   */
  @Override
  public PinInfo recover(Cid cid) {
    checkOpen();
    PinInfo info = statuses.status(cid);
    switch (info.status()) {
      case PIN_ERROR, UNEXPECTEDLY_UNPINNED -> {
        Optional<Pin> pin = state.get(cid);
        if (pin.isEmpty()) {
          return statuses.status(cid); // unpinned while recovering
        }
        log.info("{} restarting pin operation for {}", logPrefix, cid);
        enqueue(pin.get(), OpType.PIN);
      }
      case UNPIN_ERROR -> {
        log.info("{} restarting unpin operation for {}", logPrefix, cid);
        enqueue(Pin.of(cid), OpType.UNPIN);
      }
      default -> {
        return info;
      }
    }
    return statuses.status(cid);
  }

  /**
   * {@inheritDoc} Lazily, as the stream is read, in CID byte order (so that peers' answers merge):
   * the failed unpins, taken when this is called, and every state pin in {@code pin_error} or
   * {@code unexpectedly_unpinned} (one IPFS listing, read when this is called). Only re-queued
   * items are streamed, with their new status.
   *
   * @throws OperationQueueFullException from the stream, when a queue is full
   * @throws io.ipfscluster.components.ClusterException when IPFS cannot list its pins
   */
  @Override
  public Stream<PinInfo> recoverAll() {
    checkOpen();
    Stream<StatusReader.Entry> fromState = statuses.entries(StatusFilter.ALL);
    // A failed unpin as an entry without status; the operations are held already, so their sorted
    // CIDs cost a reference each.
    Stream<StatusReader.Entry> failedUnpins =
        ops.all()
            .filter(op -> op.status() == TrackerStatus.UNPIN_ERROR)
            .map(op -> new StatusReader.Entry(Pin.of(op.cid()), null))
            .sorted(Comparator.comparing(e -> e.pin().cid()));
    return CidOrder.merge(failedUnpins, fromState, e -> e.pin().cid())
        .takeWhile(entry -> !closed) // closing: stop quietly
        .<PinInfo>mapMulti(
            (entry, out) -> {
              if (entry.info() == null) {
                out.accept(recoverUnpin(entry.pin().cid()));
                return;
              }
              switch (entry.info().status()) {
                case PIN_ERROR, UNEXPECTEDLY_UNPINNED -> {
                  log.info("{} restarting pin operation for {}", logPrefix, entry.pin().cid());
                  enqueue(entry.pin(), OpType.PIN);
                  out.accept(statuses.status(entry.pin().cid()));
                }
                case UNPIN_ERROR -> out.accept(recoverUnpin(entry.pin().cid()));
                default -> {}
              }
            });
  }

  private PinInfo recoverUnpin(Cid cid) {
    log.info("{} restarting unpin operation for {}", logPrefix, cid);
    enqueue(Pin.of(cid), OpType.UNPIN);
    return statuses.status(cid);
  }

  @Override
  public long pinQueueSize() {
    return ops.queuedPins();
  }

  /**
   * Starts the periodic loops on {@code scheduler}: {@link #recoverAll()} at once and then {@code
   * pinRecoverInterval} after each run ({@code cluster.pin_recover_interval}), and {@code
   * stateSync} (the cluster's expiry handling) {@code stateSyncInterval} after start and after each
   * run ({@code cluster.state_sync_interval}). The two never run at the same time, as in the
   * original. They run on the scheduler's threads, so give the tracker a scheduler of its own (one
   * virtual thread is enough). {@link #close()} cancels them; the caller owns the scheduler.
   */
  public void startLoops(
      ScheduledExecutorService scheduler,
      Duration pinRecoverInterval,
      Duration stateSyncInterval,
      Runnable stateSync) {
    checkOpen();
    Objects.requireNonNull(stateSync, "stateSync");
    synchronized (loops) {
      if (!loops.isEmpty()) {
        throw new IllegalStateException("the tracker's loops have started already");
      }
      loops.add(
          scheduler.scheduleWithFixedDelay(
              () -> runLoop("recover", this::recoverAllLocal),
              0,
              pinRecoverInterval.toNanos(),
              TimeUnit.NANOSECONDS));
      loops.add(
          scheduler.scheduleWithFixedDelay(
              () -> runLoop("state sync", stateSync),
              stateSyncInterval.toNanos(),
              stateSyncInterval.toNanos(),
              TimeUnit.NANOSECONDS));
    }
  }

  /**
   * The periodic recover: starts a feeder thread walking the state (see the design notes) unless
   * one is still walking. Returns at once.
   */
  private void recoverAllLocal() {
    if (closed || !feeding.compareAndSet(false, true)) {
      return;
    }
    Thread t =
        threads.newThread(
            () -> {
              try {
                feedRecover();
              } catch (RuntimeException e) {
                log.error("{} recover failed: {}", logPrefix, StatusReader.message(e));
              } finally {
                feeder = null;
                feeding.set(false);
              }
            });
    feeder = t;
    t.start();
  }

  private void feedRecover() {
    long requeued = 0;
    Stream<StatusReader.Entry> fromState = statuses.entries(StatusFilter.ALL);
    try (fromState) {
      List<Cid> failedUnpins =
          ops.all()
              .filter(op -> op.status() == TrackerStatus.UNPIN_ERROR)
              .map(Operation::cid)
              .toList(); // operations held already: no more memory than they take
      for (Cid cid : failedUnpins) {
        if (closed) {
          return;
        }
        recoverUnpin(cid);
        requeued++;
      }
      var it = fromState.iterator();
      while (!closed && it.hasNext()) {
        StatusReader.Entry entry = it.next();
        switch (entry.info().status()) {
          case PIN_ERROR, UNEXPECTEDLY_UNPINNED -> {
            if (!awaitRoom()) {
              return;
            }
            log.debug("{} restarting pin operation for {}", logPrefix, entry.pin().cid());
            enqueue(entry.pin(), OpType.PIN);
            requeued++;
          }
          case UNPIN_ERROR -> {
            recoverUnpin(entry.pin().cid());
            requeued++;
          }
          default -> {}
        }
      }
    } finally {
      if (requeued > 0) {
        log.info("{} recover: re-queued {} operations", logPrefix, requeued);
      }
    }
  }

  /** Waits until fewer than {@code recoverWindow} pins are queued; false when closing. */
  private boolean awaitRoom() {
    if (ops.queuedPins() < recoverWindow) {
      return !closed;
    }
    roomLock.lock();
    try {
      while (!closed && ops.queuedPins() >= recoverWindow) {
        room.awaitNanos(ROOM_RECHECK_NANOS);
      }
    } catch (InterruptedException e) {
      return false; // closing
    } finally {
      roomLock.unlock();
    }
    return !closed;
  }

  /** Wakes a recover walk waiting for room; after each operation a worker takes. */
  private void signalRoom() {
    if (!feeding.get()) {
      return;
    }
    roomLock.lock();
    try {
      room.signalAll();
    } finally {
      roomLock.unlock();
    }
  }

  /** The most operations tracked at once so far (for tests of bounded memory). */
  long peakOperations() {
    return ops.peakSize();
  }

  /** How many pin operations a recover walk lets wait in the queues. */
  int recoverWindow() {
    return recoverWindow;
  }

  /** Whether a periodic recover walk is running. */
  boolean recovering() {
    return feeding.get();
  }

  private void runLoop(String name, Runnable body) {
    if (closed) {
      return;
    }
    loopLock.lock();
    try {
      log.debug("{} auto-triggering {}", logPrefix, name);
      body.run();
    } catch (RuntimeException e) {
      // Keep the loop: a scheduled task that throws is never run again.
      log.error("{} {} failed: {}", logPrefix, name, StatusReader.message(e));
    } finally {
      loopLock.unlock();
    }
  }

  /** Cancels the loops, stops the workers (interrupting their IPFS calls). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (loops) {
      loops.forEach(f -> f.cancel(true));
    }
    Thread walking = feeder;
    if (walking != null) {
      walking.interrupt();
    }
    queues.close();
    if (ipfsIdCache != null) {
      ipfsIdCache.close();
    }
    log.info("{} pin tracker stopped", logPrefix);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the pin tracker is closed");
    }
  }

  /** Tracks and queues an operation unless a live one of the same type exists. */
  private void enqueue(Pin pin, OpType type) {
    Operation op = ops.trackNew(pin, type, Phase.QUEUED);
    if (op == null) {
      return; // queued or running already; it took the new pin's options
    }
    boolean queued;
    if (type == OpType.PIN) {
      boolean priority =
          clock.instant().isBefore(pin.timestamp().plus(config.priorityPinMaxAge()))
              && op.attempts() <= config.priorityPinMaxRetries();
      op.setPriority(priority);
      queued = queues.offerPin(op, priority);
    } else {
      queued = queues.offerUnpin(op);
    }
    if (!queued) {
      op.fail(OperationQueueFullException.MESSAGE, clock.instant());
      log.error("{} {} of {}: {}", logPrefix, type, pin.cid(), OperationQueueFullException.MESSAGE);
      throw new OperationQueueFullException(config.maxPinQueueSize());
    }
  }

  /** Runs a queued operation on a worker thread: one attempt, then done (dropped) or error. */
  private void apply(Operation op, boolean pin) {
    try {
      run(op, pin);
    } finally {
      signalRoom();
    }
  }

  private void run(Operation op, boolean pin) {
    if (!op.begin(clock.instant())) {
      return; // cancelled while queued
    }
    try {
      if (pin) {
        ipfs.pin(op.pin());
      } else {
        ipfs.unpin(op.cid());
      }
      if (op.succeed(clock.instant())) {
        ops.clean(op);
        log.debug("{} {} of {} done", logPrefix, op.type(), op.cid());
      }
    } catch (RuntimeException e) {
      if (!closed && op.fail(StatusReader.message(e), clock.instant())) {
        log.error(
            "{} {} of {} failed: {}", logPrefix, op.type(), op.cid(), StatusReader.message(e));
      }
    } finally {
      op.endCall();
      Thread.interrupted(); // a cancellation that raced with the end of the call
    }
  }

  /** Makes sure a pin allocated elsewhere is not pinned here; on the caller's thread. */
  private void unpinRemote(Pin pin) {
    Operation op = ops.trackNew(pin, OpType.REMOTE, Phase.IN_PROGRESS);
    if (op == null) {
      return; // an unpin for it is running
    }
    try {
      ipfs.unpin(pin.cid());
      if (op.succeed(clock.instant())) {
        ops.clean(op);
      }
    } catch (RuntimeException e) {
      op.fail(StatusReader.message(e), clock.instant());
      log.error(
          "{} could not unpin remote pin {}: {}", logPrefix, pin.cid(), StatusReader.message(e));
    }
  }
}

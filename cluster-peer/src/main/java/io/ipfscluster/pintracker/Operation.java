package io.ipfscluster.pintracker;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pin, unpin or remote operation on one CID: its phase, attempts, priority and last error, and
 * the worker thread calling IPFS for it, so that cancelling the operation interrupts that call.
 *
 * <p>Thread-safe: every field is guarded by the operation's monitor. An operation keeps the shared
 * count of queued pin operations ({@code queuedPins}) up to date: it counts itself while it is a
 * pin operation in {@link Phase#QUEUED} that has not been cancelled.
 */
final class Operation {
  private final Cid cid;
  private final OpType type;
  private final AtomicLong queuedPins;

  private Pin pin;
  private Phase phase;
  private int attempts;
  private boolean priority;
  private String error = "";
  private Instant timestamp;
  private boolean cancelled;
  private Thread caller;

  Operation(Pin pin, OpType type, Phase phase, int attempts, Instant now, AtomicLong queuedPins) {
    this.cid = pin.cid();
    this.type = type;
    this.queuedPins = queuedPins;
    this.pin = pin;
    this.phase = phase;
    this.attempts = attempts;
    this.timestamp = now;
    queuedPins.addAndGet(countsAsQueuedPin());
  }

  Cid cid() {
    return cid;
  }

  OpType type() {
    return type;
  }

  synchronized Pin pin() {
    return pin;
  }

  /** A newer pin of the same CID arrived while this operation is live: use its options. */
  synchronized void updatePin(Pin newer) {
    pin = newer;
  }

  synchronized Phase phase() {
    return phase;
  }

  synchronized TrackerStatus status() {
    return type.status(phase);
  }

  synchronized int attempts() {
    return attempts;
  }

  synchronized void setPriority(boolean value) {
    priority = value;
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  /**
   * Starts an attempt on the calling thread: in progress, one more attempt, and the thread becomes
   * the one {@link #cancel()} interrupts. Returns false, changing nothing, when cancelled already.
   */
  synchronized boolean begin(Instant now) {
    if (cancelled) {
      return false;
    }
    setPhase(Phase.IN_PROGRESS, now);
    attempts++;
    caller = Thread.currentThread();
    return true;
  }

  /** The IPFS call returned: from now on, cancelling does not interrupt the caller. */
  synchronized void endCall() {
    caller = null;
  }

  /** Marks the operation done unless it was cancelled; returns whether it was marked. */
  synchronized boolean succeed(Instant now) {
    caller = null;
    if (cancelled) {
      return false;
    }
    setPhase(Phase.DONE, now);
    return true;
  }

  /** Records {@code message} as the error unless cancelled; returns whether it was recorded. */
  synchronized boolean fail(String message, Instant now) {
    caller = null;
    if (cancelled) {
      return false;
    }
    error = message;
    setPhase(Phase.ERROR, now);
    return true;
  }

  /**
   * Cancels the operation: a worker that has not started it skips it, and a worker calling IPFS for
   * it is interrupted. Idempotent.
   */
  synchronized void cancel() {
    if (cancelled) {
      return;
    }
    long before = countsAsQueuedPin();
    cancelled = true;
    queuedPins.addAndGet(countsAsQueuedPin() - before);
    if (caller != null) {
      caller.interrupt();
    }
  }

  /** This operation's status on {@code peer}, as the original's operation tracker reports it. */
  synchronized PinInfo info(PeerId peer, String peerName, IpfsInfo ipfs) {
    PinInfoShort status =
        new PinInfoShort(
            peerName,
            ipfs.id(),
            ipfs.addresses(),
            type.status(phase),
            timestamp,
            error,
            attempts,
            priority);
    return PinInfo.of(pin, peer, status);
  }

  private void setPhase(Phase next, Instant now) {
    long before = countsAsQueuedPin();
    phase = next;
    timestamp = now;
    queuedPins.addAndGet(countsAsQueuedPin() - before);
  }

  private long countsAsQueuedPin() {
    return type == OpType.PIN && phase == Phase.QUEUED && !cancelled ? 1 : 0;
  }

  @Override
  public synchronized String toString() {
    return type + " " + cid + " " + phase + (cancelled ? " (cancelled)" : "");
  }
}

package io.ipfscluster.ipfs.http;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fires once when a pin's progress (the count of blocks fetched, from {@code pin/add}'s {@code
 * Progress}) has not grown for {@code limit}: the pin timeout of the original, which cancels a pin
 * that stalls, not one that is merely long.
 *
 * <p>Thread-safe: the reader reports progress while the timer checks.
 */
final class ProgressWatch implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final long limitNanos;
  private final LongSupplier clock;
  private final Runnable onStall;
  private long best; // as in the original, a first Progress of 0 is no progress
  private long lastGain;
  private ScheduledFuture<?> check;
  private boolean fired;
  private boolean closed;

  private ProgressWatch(
      ScheduledExecutorService timer, Duration limit, LongSupplier clock, Runnable onStall) {
    this.timer = timer;
    this.limitNanos = limit.toNanos();
    this.clock = clock;
    this.onStall = onStall;
  }

  /**
   * Starts watching now. A zero {@code limit} never fires.
   *
   * @param onStall run once, on the timer's thread, when progress stalls; it must not block
   */
  static ProgressWatch start(
      ScheduledExecutorService timer, Duration limit, LongSupplier clock, Runnable onStall) {
    ProgressWatch w = new ProgressWatch(timer, limit, clock, onStall);
    synchronized (w) {
      w.lastGain = clock.getAsLong();
      if (!limit.isZero()) {
        w.schedule(w.limitNanos);
      }
    }
    return w;
  }

  /** Reports the progress so far; only a higher count than before counts as progress. */
  synchronized void progress(long count) {
    if (count > best) {
      best = count;
      lastGain = clock.getAsLong();
    }
  }

  /** Whether the watch fired. */
  synchronized boolean fired() {
    return fired;
  }

  private void schedule(long delayNanos) {
    check = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    synchronized (this) {
      if (closed) {
        return;
      }
      long quiet = clock.getAsLong() - lastGain;
      if (quiet < limitNanos) {
        schedule(limitNanos - quiet);
        return;
      }
      fired = true;
      closed = true;
    }
    onStall.run();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (check != null) {
      check.cancel(false);
    }
  }
}

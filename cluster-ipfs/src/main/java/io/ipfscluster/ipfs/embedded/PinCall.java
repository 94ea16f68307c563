package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The pins of {@link EmbeddedNodeConnector}, cancelled when they stall: a pin runs on the caller's
 * thread counting the blocks it obtains, and a watchdog interrupts it when the count has not grown
 * for {@code pin_timeout}, as {@code IpfsHttpConnector} gives up on {@code pin/add}'s {@code
 * Progress}. A pin that is long but moving is never cancelled. The count is looked at every {@value
 * PinCommands#PROGRESS_MILLIS} ms, the interval at which the HTTP API reports it. One watchdog
 * thread serves every pin, so a pin that needs no fetching (most pins of a busy cluster) costs no
 * thread of its own.
 *
 * <p>Thread-safe.
 */
final class PinCall implements AutoCloseable {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(PinCommands.PROGRESS_MILLIS);

  private final ScheduledThreadPoolExecutor watchdog;

  PinCall(String logId) {
    watchdog =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("ipfs-embedded-pin-watch-" + logId).factory());
    watchdog.setRemoveOnCancelPolicy(true);
  }

  /** The pin work, which increments {@code progress} once per block obtained. */
  @FunctionalInterface
  interface Work {
    void run(AtomicLong progress) throws Exception;
  }

  /**
   * Runs {@code work} until it ends or stalls for {@code limit} (zero: never stalls).
   *
   * @param path the call as the HTTP API would name it, for errors
   * @throws IpfsTimeoutException naming {@code pin_timeout} when it stalls
   */
  void run(Supplier<String> path, Duration limit, Work work) {
    AtomicLong progress = new AtomicLong();
    Watch watch = limit.isZero() ? null : new Watch(Thread.currentThread(), progress, limit);
    long start = System.nanoTime();
    Exception failure = null;
    try {
      if (watch != null) {
        watch.start();
      }
      work.run(progress);
    } catch (Exception e) {
      failure = e;
    }
    boolean stalled = watch != null && watch.end();
    if (failure == null) {
      return; // done, even if the watchdog fired just as it ended
    }
    if (stalled) {
      throw stalled(path.get(), limit);
    }
    if (failure instanceof InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path.get() + ")", e);
    }
    // Over HTTP the answer begins streaming after the first progress interval.
    boolean streamed = System.nanoTime() - start >= POLL_NANOS;
    throw Failures.of(path.get(), failure, streamed);
  }

  /** Stops the watchdog; pins still running go on without a stall limit. */
  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  private static IpfsTimeoutException stalled(String path, Duration limit) {
    String setting = IpfsHttpSettings.SECTION + ".pin_timeout";
    return new IpfsTimeoutException(
        "IPFS pin made no progress for "
            + GoDuration.format(limit)
            + " ("
            + path
            + "): the node cannot fetch the content; raise "
            + setting
            + " if it is just slow",
        setting,
        limit,
        null);
  }

  /** The watch over one pin: checks its count on the watchdog's thread, until ended. */
  private final class Watch implements Runnable {
    private final Thread pinner;
    private final AtomicLong progress;
    private final long limitNanos;
    private long best; // as in the original, a first count of 0 is no progress; watchdog only
    private long lastGain; // watchdog only, after start()
    private ScheduledFuture<?> next; // guarded by this
    private boolean ended; // guarded by this
    private boolean fired; // guarded by this

    Watch(Thread pinner, AtomicLong progress, Duration limit) {
      this.pinner = pinner;
      this.progress = progress;
      this.limitNanos = limit.toNanos();
    }

    void start() {
      lastGain = System.nanoTime();
      schedule(lastGain);
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long count = progress.get();
      if (count > best) {
        best = count;
        lastGain = now;
      } else if (now - lastGain >= limitNanos) {
        synchronized (this) {
          if (!ended) {
            fired = true;
            pinner.interrupt();
          }
        }
        return;
      }
      schedule(now);
    }

    private synchronized void schedule(long now) {
      if (ended) {
        return;
      }
      long delay = Math.max(1, Math.min(POLL_NANOS, lastGain + limitNanos - now));
      try {
        next = watchdog.schedule(this, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // The connector closed: the peer is stopping, and the node's closing ends the pin.
      }
    }

    /**
     * Ends the watch, on the pinning thread. Whether it fired; if it did, its interrupt is cleared.
     */
    synchronized boolean end() {
      ended = true;
      if (next != null) {
        next.cancel(false);
      }
      if (fired) {
        Thread.interrupted();
      }
      return fired;
    }
  }
}

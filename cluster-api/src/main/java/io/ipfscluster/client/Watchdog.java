package io.ipfscluster.client;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces request timeouts by closing the request's connection when its deadline passes: the one
 * mechanism that interrupts a blocked connect, TLS handshake, write or read alike, on TCP and Unix
 * sockets.
 *
 * <p>One daemon timer thread serves every client of the JVM. It is started on the first armed
 * timeout and ends by itself after a few idle seconds, so nothing needs closing.
 *
 * <p>Thread-safe.
 */
final class Watchdog {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private Watchdog() {}

  /** A guard that fires after {@code timeout}, or never when it is zero. */
  static Guard arm(Duration timeout) {
    Guard g = new Guard();
    if (!timeout.isZero()) {
      g.task = TIMER.schedule(g::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return g;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "cluster-client-timeouts");
              th.setDaemon(true);
              return th;
            });
    t.setKeepAliveTime(5, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /**
   * The deadline of one request. {@link #watch} names the connection to close when it fires; once
   * fired, every I/O failure of the request is reported as a timeout.
   */
  static final class Guard {
    private volatile boolean fired;
    private Closeable target;
    private ScheduledFuture<?> task;

    /** Closes {@code c} when the deadline passes (at once if it has passed already). */
    void watch(Closeable c) {
      boolean late;
      synchronized (this) {
        target = c;
        late = fired;
      }
      if (late) {
        closeQuietly(c);
      }
    }

    /** Whether the deadline has passed. */
    boolean fired() {
      return fired;
    }

    /** Stops the timer; the connection is closed by its owner. */
    void disarm() {
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }

    private void fire() {
      Closeable c;
      synchronized (this) {
        fired = true;
        c = target;
      }
      if (c != null) {
        closeQuietly(c);
      }
    }

    private static void closeQuietly(Closeable c) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Closing to interrupt; the request reports the timeout.
      }
    }
  }
}

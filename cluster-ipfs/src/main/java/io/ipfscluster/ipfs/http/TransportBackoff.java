package io.ipfscluster.ipfs.http;

import java.util.concurrent.TimeUnit;

/**
 * Throttles requests to a node that keeps failing: after more than {@value #FREE_FAILURES}
 * consecutive transport failures (no HTTP response at all), requests go out at most one per second
 * until one gets a response, as in the original.
 *
 * <p>It only decides: {@link #reserve(long)} says when a request may go, and the caller waits. Time
 * is passed in as {@link System#nanoTime()} values, so tests drive it with a manual clock.
 *
 * <p>Thread-safe.
 */
final class TransportBackoff {
  static final int FREE_FAILURES = 10;
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private long failures;
  private long lastSlot;

  /** Records a request that got no response. Returns true if this starts the throttling. */
  synchronized boolean failed(long now) {
    failures++;
    if (failures == FREE_FAILURES + 1) {
      lastSlot = now;
      return true;
    }
    return false;
  }

  /** Records a request that got a response. Returns true if this ends the throttling. */
  synchronized boolean succeeded() {
    boolean wasThrottling = failures > FREE_FAILURES;
    failures = 0;
    return wasThrottling;
  }

  /** Whether requests are throttled now. */
  synchronized boolean throttling() {
    return failures > FREE_FAILURES;
  }

  /**
   * Reserves a time for the next request: {@code now} while the node answers, otherwise one second
   * after the previous reservation.
   */
  synchronized long reserve(long now) {
    if (failures <= FREE_FAILURES) {
      return now;
    }
    long next = lastSlot + INTERVAL_NANOS;
    long slot = now - next > 0 ? now : next; // nanoTime values compare by difference
    lastSlot = slot;
    return slot;
  }
}

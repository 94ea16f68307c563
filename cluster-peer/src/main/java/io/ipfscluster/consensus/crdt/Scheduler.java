package io.ipfscluster.consensus.crdt;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: how the group committer closes a batch at {@code max_batch_age}.
 * Injected so that tests fire the timer themselves instead of waiting. Implementations are
 * thread-safe.
 */
@FunctionalInterface
interface Scheduler {
  /** Runs {@code task} once after {@code delay}; returns an action that cancels it. */
  Runnable schedule(Runnable task, Duration delay);

  /** A scheduler backed by {@code executor}. */
  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delay) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}

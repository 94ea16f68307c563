package io.ipfscluster.pintracker;

import io.ipfscluster.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by a {@link ManualClock}: {@link #advance} moves the clock and runs the tasks
 * that fall due, in time order, on the calling thread. Supports the fixed-delay and one-shot
 * runnables the tracker uses.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ManualClock clock;
  private final List<Task> tasks = new CopyOnWriteArrayList<>();
  private volatile boolean shutdown;

  ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code d}, running each task when its time comes. */
  void advance(Duration d) {
    Instant end = clock.instant().plus(d);
    while (true) {
      Optional<Task> next =
          tasks.stream()
              .filter(t -> !t.cancelled && !t.next.isAfter(end))
              .min(Comparator.comparing(t -> t.next));
      if (next.isEmpty()) {
        break;
      }
      Task t = next.get();
      if (t.next.isAfter(clock.instant())) {
        clock.set(t.next);
      }
      t.command.run();
      t.runs++;
      if (t.delay == null) {
        tasks.remove(t);
      } else {
        t.next = clock.instant().plus(t.delay);
      }
    }
    clock.set(end);
  }

  List<Task> tasks() {
    return tasks;
  }

  final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final Duration delay; // null for one-shot
    volatile Instant next;
    volatile boolean cancelled;
    volatile int runs;

    Task(Runnable command, Instant next, Duration delay) {
      this.command = command;
      this.next = next;
      this.delay = delay;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), next));
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean was = cancelled;
      cancelled = true;
      return !was;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  private Task add(Runnable command, long initialDelay, Duration delay, TimeUnit unit) {
    Task t =
        new Task(
            command, clock.instant().plus(Duration.of(initialDelay, unit.toChronoUnit())), delay);
    tasks.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, delay, null, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, initialDelay, Duration.of(period, unit.toChronoUnit()), unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, initialDelay, Duration.of(delay, unit.toChronoUnit()), unit);
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, null, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
    tasks.clear();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}

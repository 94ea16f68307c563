package io.ipfscluster.net.gossip;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A discrete-event scheduler and its clock: time moves only in {@link #runFor}, which runs every
 * task that falls due, in time order (ties in submission order), on the calling thread. Lets a
 * whole in-process network run deterministically in virtual time. Not for concurrent use.
 */
final class VirtualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService, InstantSource {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now; // nanos since EPOCH
  private long sequence;
  private boolean shutdown;

  @Override
  public Instant instant() {
    return EPOCH.plusNanos(now);
  }

  /** Runs what falls due within {@code d} from now, then sets the clock to the end. */
  void runFor(Duration d) {
    long end = now + d.toNanos();
    while (!queue.isEmpty() && queue.peek().due <= end) {
      Task t = queue.poll();
      if (t.cancelled) {
        continue;
      }
      now = Math.max(now, t.due);
      t.command.run();
      if (t.period > 0 && !t.cancelled) {
        t.due = now + t.period;
        t.seq = sequence++;
        queue.add(t);
      }
    }
    now = end;
  }

  final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long period;
    long due;
    long seq;
    boolean cancelled;

    Task(Runnable command, long due, long period) {
      this.command = command;
      this.due = due;
      this.period = period;
      this.seq = sequence++;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      return due != t.due ? Long.compare(due, t.due) : Long.compare(seq, t.seq);
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

  private Task add(Runnable command, long delay, long period, TimeUnit unit) {
    Task t = new Task(command, now + Math.max(0, unit.toNanos(delay)), unit.toNanos(period));
    queue.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, delay, 0, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
    queue.clear();
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

package io.ipfscluster.consensus.crdt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} whose tasks run only when the test fires them. Thread-safe. */
final class ManualScheduler implements Scheduler {
  private final List<Task> tasks = new ArrayList<>();

  private static final class Task {
    final Runnable action;
    final Duration delay;
    volatile boolean cancelled;

    Task(Runnable action, Duration delay) {
      this.action = action;
      this.delay = delay;
    }
  }

  @Override
  public synchronized Runnable schedule(Runnable task, Duration delay) {
    Task t = new Task(task, delay);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** The delays of the tasks scheduled and neither fired nor cancelled. */
  synchronized List<Duration> pending() {
    return tasks.stream().filter(t -> !t.cancelled).map(t -> t.delay).toList();
  }

  /** Runs every task scheduled and not cancelled, as if their delays had passed. */
  void fireAll() {
    List<Task> due;
    synchronized (this) {
      due = new ArrayList<>(tasks);
      tasks.clear();
    }
    for (Task t : due) {
      if (!t.cancelled) {
        t.action.run();
      }
    }
  }
}

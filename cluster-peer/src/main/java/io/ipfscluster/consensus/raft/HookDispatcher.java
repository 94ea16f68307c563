package io.ipfscluster.consensus.raft;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pinset hooks of applied Raft entries on one thread of their own, in the order the
 * entries were applied, so that Ratis's apply thread only updates the state: a tracker hook that
 * does I/O (an unpin in IPFS) no longer holds back the next commit.
 *
 * <p>The queue is bounded ({@link #CAPACITY} tasks): when the hooks fall that far behind, {@link
 * #submit} blocks the apply thread until there is room, so nothing is dropped. After each entry's
 * hooks a mark says up to which log index the hooks have run ({@code onDone}), which is what a
 * writer waits for (a caller sees its pin tracked when its write returns, as before).
 *
 * <p>Hooks still queued when the peer stops are lost with the process; the tracker's reconcile on
 * start (the state sync) re-syncs it with the pinset, as after a snapshot install, which calls no
 * hooks either. Thread-safe.
 */
final class HookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HookDispatcher.class);

  /** Tasks that may wait: each is one pin change or one index mark. */
  static final int CAPACITY = 8192;

  private static final Runnable STOP = () -> {};

  private final BlockingQueue<Runnable> queue;
  private final LongConsumer onDone;
  private final String logId;
  private final Thread thread;
  private volatile boolean closed;

  HookDispatcher(ThreadFactory threads, LongConsumer onDone, String logId) {
    this(threads, onDone, logId, CAPACITY);
  }

  /** With another capacity (tests). */
  HookDispatcher(ThreadFactory threads, LongConsumer onDone, String logId, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onDone = onDone;
    this.logId = logId;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  /** Queues {@code hook}, waiting for room if the queue is full; ignored once closed. */
  void submit(Runnable hook) {
    if (closed) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(hook);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // a hook must not be lost: the apply thread waits for room
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Queues the mark that the hooks of every entry up to {@code index} have run. */
  void mark(long index) {
    submit(new Mark(index));
  }

  private record Mark(long index) implements Runnable {
    @Override
    public void run() {}
  }

  private void run() {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        continue; // only close() stops this thread, through STOP
      }
      if (task == STOP) {
        return;
      }
      try {
        if (task instanceof Mark m) {
          onDone.accept(m.index());
        } else {
          task.run();
        }
      } catch (RuntimeException e) {
        log.error("{} pinset hook failed", logId, e);
      }
    }
  }

  /** Runs the hooks already queued, then stops the thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(STOP);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.ipfscluster.consensus.raft;

import io.ipfscluster.components.ClusterException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit into the Raft log: callers queue operations and wait; one thread takes everything
 * queued (up to {@link #MAX_OPS} operations or {@link #MAX_BYTES}), writes it as one {@link
 * LogEntry} through a {@link Sink}, and completes every caller's future. A lone call commits at
 * once; calls that arrive during a commit share the next entry, so one Raft round trip and one
 * fsync per replica serve many callers.
 *
 * <p>At most {@link #MAX_WAITING} operations wait; beyond that calls fail at once. {@link #close()}
 * commits what is queued, then stops. Thread-safe.
 */
final class EntryBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EntryBatcher.class);

  static final int MAX_OPS = 1024;
  static final int MAX_BYTES = 1 << 20;
  static final int MAX_WAITING = 50_000;

  /** Commits an entry; returns once it is applied locally, or throws a ClusterException. */
  @FunctionalInterface
  interface Sink {
    void commit(LogEntry entry);
  }

  private record Request(LogEntry.Op op, CompletableFuture<Void> done) {}

  private final Sink sink;
  private final String logId;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private boolean closing;

  EntryBatcher(Sink sink, ThreadFactory threads, String logId) {
    this.sink = sink;
    this.logId = logId;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  /**
   * Queues {@code op}; the future completes once its entry is committed and applied here.
   *
   * @throws ClusterException FAILED at once if the queue is full or the batcher is closing
   */
  CompletableFuture<Void> submit(LogEntry.Op op) {
    Request request = new Request(op, new CompletableFuture<>());
    lock.lock();
    try {
      if (closing) {
        throw new ClusterException(
            ClusterException.Kind.FAILED, "the Raft consensus is shutting down");
      }
      if (queue.size() >= MAX_WAITING) {
        throw new ClusterException(
            ClusterException.Kind.FAILED,
            "too many operations are waiting for a Raft commit (" + MAX_WAITING + ")");
      }
      queue.add(request);
      work.signal();
    } finally {
      lock.unlock();
    }
    return request.done();
  }

  private void run() {
    while (true) {
      List<Request> batch = new ArrayList<>();
      lock.lock();
      try {
        while (queue.isEmpty() && !closing) {
          work.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return; // closing, and nothing is left
        }
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < MAX_OPS && bytes < MAX_BYTES) {
          Request r = queue.poll();
          bytes += r.op().encodedSize();
          batch.add(r);
        }
      } finally {
        lock.unlock();
      }
      commit(batch);
    }
  }

  private void commit(List<Request> batch) {
    try {
      sink.commit(new LogEntry(batch.stream().map(Request::op).toList()));
      batch.forEach(r -> r.done().complete(null));
    } catch (RuntimeException e) {
      log.warn("{} Raft commit of {} operations failed: {}", logId, batch.size(), e.toString());
      RuntimeException failure =
          e instanceof ClusterException
              ? e
              : new ClusterException(
                  ClusterException.Kind.FAILED, "Raft commit failed: " + e.getMessage(), e);
      batch.forEach(r -> r.done().completeExceptionally(failure));
    }
  }

  /** Commits everything queued, then stops the thread. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      work.signal();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // the queued operations must still be committed or failed
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.ipfscluster.consensus.raft;

import io.ipfscluster.components.ClusterException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit into the Raft log: callers queue operations and wait; one thread takes everything
 * queued (up to {@link #MAX_OPS} operations or {@link #MAX_BYTES}) as one {@link LogEntry} and
 * hands it to a {@link Sink}, with at most {@link #MAX_IN_FLIGHT} entries committing at once. A
 * lone call commits at once; calls that arrive while the pipeline is full share the next entry, so
 * one Raft round trip and one fsync per replica serve many callers.
 *
 * <p><b>Linger.</b> Callers usually come back: a caller released by one entry often makes its next
 * call a moment later (a REST client pinning one CID after another). Once the pipeline has room and
 * fewer operations are queued than the last entry carried, the thread waits for that many, at most
 * as long as the last commit took and never more than {@link #MAX_LINGER}. Without this, the first
 * caller to come back commits alone and the others wait for the entry after. Each entry costs about
 * the same Raft work whatever it carries, so fuller entries make writes cheaper per pin
 * (BENCHMARKS.md, "Raft peers": 4 → 5.5 pins per entry, about 20 % less CPU per pin).
 *
 * <p>Entries in flight together may be applied in any order relative to each other; a caller waits
 * for its own operation, so one caller's operations apply in the order it made them.
 *
 * <p>At most {@link #MAX_WAITING} operations wait; beyond that calls fail at once. {@link #close()}
 * commits what is queued, waits for the entries in flight, then stops. Thread-safe.
 */
final class EntryBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EntryBatcher.class);

  static final int MAX_OPS = 1024;
  static final int MAX_BYTES = 1 << 20;
  static final int MAX_WAITING = 50_000;
  static final int MAX_IN_FLIGHT = 1;
  static final Duration MAX_LINGER = Duration.ofMillis(5);

  /**
   * Commits an entry; the future completes once it is committed and applied locally, or fails with
   * a ClusterException.
   */
  @FunctionalInterface
  interface Sink {
    CompletableFuture<Void> commit(LogEntry entry);
  }

  private record Request(LogEntry.Op op, CompletableFuture<Void> done) {}

  private final Sink sink;
  private final long maxLingerNanos;
  private final String logId;
  private final Thread thread;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private boolean closing;
  private int expected; // guarded by lock: operations the last entry carried
  private long lastCommitNanos; // guarded by lock

  EntryBatcher(Sink sink, ThreadFactory threads, String logId) {
    this(sink, threads, logId, MAX_LINGER);
  }

  /** With another bound on the linger (tests). */
  EntryBatcher(Sink sink, ThreadFactory threads, String logId, Duration maxLinger) {
    this.maxLingerNanos = maxLinger.toNanos();
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
      inFlight.acquireUninterruptibly();
      List<Request> batch = new ArrayList<>();
      lock.lock();
      try {
        while (queue.isEmpty() && !closing) {
          work.awaitUninterruptibly();
        }
        linger();
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < MAX_OPS && bytes < MAX_BYTES) {
          Request r = queue.poll();
          bytes += r.op().encodedSize();
          batch.add(r);
        }
      } finally {
        lock.unlock();
      }
      if (batch.isEmpty()) { // closing, and nothing is left: wait for the entries in flight
        inFlight.release();
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
        return;
      }
      commit(batch);
    }
  }

  /** Waits (holding the lock) for as many operations as the last entry carried; see the class. */
  private void linger() {
    long left = Math.min(lastCommitNanos, maxLingerNanos);
    while (queue.size() < expected && !closing && left > 0) {
      try {
        left = work.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void commit(List<Request> batch) {
    long started = System.nanoTime();
    CompletableFuture<Void> done;
    try {
      done = sink.commit(new LogEntry(batch.stream().map(Request::op).toList()));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete(
        (ok, error) -> {
          lock.lock();
          try {
            expected = Math.min(MAX_OPS, batch.size());
            lastCommitNanos = System.nanoTime() - started;
          } finally {
            lock.unlock();
          }
          inFlight.release();
          if (error == null) {
            batch.forEach(r -> r.done().complete(null));
            return;
          }
          Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
          log.warn(
              "{} Raft commit of {} operations failed: {}", logId, batch.size(), cause.toString());
          RuntimeException failure =
              cause instanceof ClusterException ce
                  ? ce
                  : new ClusterException(
                      ClusterException.Kind.FAILED,
                      "Raft commit failed: " + cause.getMessage(),
                      cause);
          batch.forEach(r -> r.done().completeExceptionally(failure));
        });
  }

  /** Commits everything queued, waits for the entries in flight, then stops. Idempotent. */
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

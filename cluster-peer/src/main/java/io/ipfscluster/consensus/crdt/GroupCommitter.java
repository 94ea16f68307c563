package io.ipfscluster.consensus.crdt;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.CrdtBatchingConfig;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
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
 * Group commit of pinset writes: callers queue operations and wait; one thread takes them a batch
 * at a time and hands each batch to a {@link Sink}, which writes it durably and completes every
 * caller's future. Many callers thus share one block and one fsync.
 *
 * <p>With batching on ({@code max_batch_size} and {@code max_batch_age} above 0), a batch closes
 * when it holds {@code max_batch_size} operations or {@code max_batch_age} after its first one,
 * whichever comes first, as in the original. With batching off, the thread takes everything queued
 * whenever it is free: a lone call commits at once, and calls arriving during a commit share the
 * next one. Either way at most {@code max_queue_size} operations wait; beyond that calls fail at
 * once with the original's message. {@link #close()} commits what is queued, then stops.
 *
 * <p>Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** The original's error when the queue is full (consensus/crdt/consensus.go). */
  static final String QUEUE_FULL =
      "error batching item: batching max_queue_size reached. Too many operations are waiting to"
          + " be batched. Try increasing the max_queue_size or adjusting the batching options";

  /** The original's error for operations that arrive during shutdown. */
  static final String SHUTTING_DOWN = "shutting down. Pin could not be batched";

  /** A queued operation: a put of {@code value} (or a delete when null) under {@code key}. */
  record Request(Cid key, byte[] value, CompletableFuture<Void> done) {}

  /** Writes a batch durably, then completes every request's future. */
  @FunctionalInterface
  interface Sink {
    void commit(List<Request> batch);
  }

  private final boolean batching;
  private final int maxBatchSize;
  private final Duration maxBatchAge;
  private final int maxQueueSize;
  private final Scheduler scheduler;
  private final Sink sink;
  private final String logId;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<List<Request>> sealed = new ArrayDeque<>();
  private List<Request> open = new ArrayList<>();
  private int waiting;
  private long openBatch;
  private Runnable cancelTimer = () -> {};
  private boolean closing;

  GroupCommitter(
      CrdtBatchingConfig config,
      Scheduler scheduler,
      ThreadFactory threads,
      Sink sink,
      String logId) {
    this.batching = config.enabled();
    this.maxBatchSize = config.maxBatchSize();
    this.maxBatchAge = config.maxBatchAge();
    this.maxQueueSize = config.maxQueueSize();
    this.scheduler = scheduler;
    this.sink = sink;
    this.logId = logId;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  /**
   * Queues a put ({@code value} not null) or delete of {@code key}; the future completes once it is
   * durable, or fails with a {@link ClusterException}.
   *
   * @throws ClusterException at once if the queue is full or the committer is closing
   */
  CompletableFuture<Void> submit(Cid key, byte[] value) {
    Request request = new Request(key, value, new CompletableFuture<>());
    lock.lock();
    try {
      if (closing) {
        throw new ClusterException(ClusterException.Kind.FAILED, SHUTTING_DOWN);
      }
      if (waiting >= maxQueueSize) {
        log.error("{} {}", logId, QUEUE_FULL);
        throw new ClusterException(ClusterException.Kind.FAILED, QUEUE_FULL);
      }
      open.add(request);
      waiting++;
      if (!batching) {
        work.signal();
      } else if (open.size() >= maxBatchSize) {
        seal();
      } else if (open.size() == 1) {
        long batch = openBatch;
        cancelTimer = scheduler.schedule(() -> sealOnAge(batch), maxBatchAge);
      }
    } finally {
      lock.unlock();
    }
    return request.done();
  }

  /** The number of operations waiting for a commit (not the one being written). */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  private void seal() {
    cancelTimer.run();
    cancelTimer = () -> {};
    sealed.add(open);
    open = new ArrayList<>();
    openBatch++;
    work.signal();
  }

  private void sealOnAge(long batch) {
    lock.lock();
    try {
      if (batch == openBatch && !open.isEmpty()) {
        seal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      List<Request> batch;
      lock.lock();
      try {
        while (sealed.isEmpty() && (batching || open.isEmpty()) && !closing) {
          work.awaitUninterruptibly();
        }
        if (!sealed.isEmpty()) {
          batch = sealed.poll();
        } else if (!open.isEmpty()) {
          batch = open;
          open = new ArrayList<>();
          openBatch++;
          cancelTimer.run();
          cancelTimer = () -> {};
        } else {
          return; // closing, and nothing is left
        }
        waiting -= batch.size();
      } finally {
        lock.unlock();
      }
      try {
        sink.commit(batch);
      } catch (Throwable e) { // the sink completes futures itself; this is a safety net
        log.error("{} CRDT batch commit failed unexpectedly", logId, e);
        ClusterException failure =
            new ClusterException(
                ClusterException.Kind.FAILED, "CRDT batch commit failed: " + e.getMessage(), e);
        batch.forEach(r -> r.done().completeExceptionally(failure));
      }
    }
  }

  /** Commits everything queued, then stops the thread. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      if (!open.isEmpty()) {
        seal();
      }
      work.signal();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() == thread) {
      return; // closed from a hook: the loop finishes the queue after this commit
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // the pending batch must still be committed
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.ipfscluster.cluster;

import io.ipfscluster.components.Block;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-over of blocks from an import (the producer, pushing) to a block stream towards
 * one IPFS node (the consumer, pulling through {@link Iterator}). It holds at most {@code capacity}
 * bytes of blocks (or one block, if a block is larger), so the import can never run further ahead
 * of the slowest node than that.
 *
 * <p>Thread-safe: one producer thread and one consumer thread.
 */
final class BlockChannel implements Iterator<Block> {
  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Block> queue = new ArrayDeque<>();
  private long bytes;
  private boolean ended;
  private Throwable aborted;
  private boolean consumerGone;

  BlockChannel(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Queues {@code block}, waiting while the channel is full.
   *
   * @return false when the consumer is gone (its stream ended or failed); the block was dropped
   */
  boolean put(Block block) throws InterruptedException {
    lock.lock();
    try {
      while (!consumerGone && !queue.isEmpty() && bytes + block.data().length > capacity) {
        changed.await();
      }
      if (consumerGone) {
        return false;
      }
      queue.add(block);
      bytes += block.data().length;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** No more blocks: the consumer's iteration ends once it has taken the queued ones. */
  void end() {
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The import failed: the consumer's next {@link #hasNext()} throws, so its stream aborts. */
  void abort(Throwable cause) {
    lock.lock();
    try {
      aborted = cause;
      queue.clear();
      bytes = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The consumer stopped taking blocks; the producer's waits end and its puts are refused. */
  void consumerGone() {
    lock.lock();
    try {
      consumerGone = true;
      queue.clear();
      bytes = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a block or the end.
   *
   * @throws CancellationException when the import was aborted or the waiting thread interrupted
   */
  @Override
  public boolean hasNext() {
    lock.lock();
    try {
      while (queue.isEmpty() && !ended && aborted == null) {
        changed.await();
      }
      if (aborted != null) {
        CancellationException e = new CancellationException("the add was aborted");
        e.initCause(aborted);
        throw e;
      }
      return !queue.isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for blocks to add");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Block next() {
    lock.lock();
    try {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Block b = queue.poll();
      bytes -= b.data().length;
      changed.signalAll();
      return b;
    } finally {
      lock.unlock();
    }
  }
}

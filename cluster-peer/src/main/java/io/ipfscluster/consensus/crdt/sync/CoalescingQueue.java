package io.ipfscluster.consensus.crdt.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded work queue that keeps one pending item per key, the latest: an item offered for a key
 * that already waits replaces the waiting one. Items of one key are never worked on concurrently:
 * an item offered while its key is being worked on waits until that work ends. A fixed number of
 * workers take keys in the order they first became pending.
 *
 * <p>The CRDT sync uses it with the announcing peer as key: however often a peer announces, at most
 * one sync from it waits, and it is the one with its latest heads.
 *
 * <p>Thread-safe. {@link #close} interrupts the workers and waits for them.
 */
final class CoalescingQueue<K, V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoalescingQueue.class);

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<K, V> pending = new LinkedHashMap<>(); // guarded by lock
  private final Set<K> running = new HashSet<>(); // guarded by lock
  private final int maxKeys;
  private final BiConsumer<K, V> work;
  private final List<Thread> workers;
  private boolean closed; // guarded by lock

  /**
   * @param maxKeys keys that may wait at once; an item of another key is refused while full
   * @param workers how many items are worked on at once
   * @param work what is done with an item; what it throws is logged
   */
  CoalescingQueue(int maxKeys, int workers, ThreadFactory threads, BiConsumer<K, V> work) {
    if (maxKeys < 1 || workers < 1) {
      throw new IllegalArgumentException(
          "maxKeys and workers must be positive, got " + maxKeys + " and " + workers);
    }
    this.maxKeys = maxKeys;
    this.work = work;
    this.workers = IntStream.range(0, workers).mapToObj(i -> threads.newThread(this::run)).toList();
    this.workers.forEach(Thread::start);
  }

  /**
   * Queues {@code value} for {@code key}, replacing the item of {@code key} that waits, if any.
   * Returns false, dropping it, when closed or when {@code maxKeys} other keys wait.
   */
  boolean offer(K key, V value) {
    return offer(key, value, (later, earlier) -> later);
  }

  /**
   * Queues {@code value} for {@code key}; if an item of {@code key} waits, queues {@code
   * combine(value, waiting)} in its place instead. Returns false as {@link #offer(Object, Object)}.
   */
  boolean offer(K key, V value, BinaryOperator<V> combine) {
    lock.lock();
    try {
      if (closed || (!pending.containsKey(key) && pending.size() >= maxKeys)) {
        return false;
      }
      V waiting = pending.get(key);
      pending.put(key, waiting == null ? value : combine.apply(value, waiting));
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether no item waits and none is being worked on. */
  boolean idle() {
    lock.lock();
    try {
      return pending.isEmpty() && running.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** How many keys wait. */
  int waiting() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      K key;
      V value;
      lock.lock();
      try {
        Map.Entry<K, V> next;
        while ((next = nextRunnable()) == null) {
          if (closed) {
            return;
          }
          changed.await();
        }
        key = next.getKey();
        value = next.getValue();
        pending.remove(key);
        running.add(key);
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      try {
        work.accept(key, value);
      } catch (RuntimeException e) {
        log.warn("work on {} failed: {}", key, e.toString());
      } finally {
        lock.lock();
        try {
          running.remove(key);
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** The first waiting item whose key is not being worked on. Call with the lock held. */
  private Map.Entry<K, V> nextRunnable() {
    if (closed) {
      return null;
    }
    for (Iterator<Map.Entry<K, V>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, V> e = it.next();
      if (!running.contains(e.getKey())) {
        return Map.entry(e.getKey(), e.getValue());
      }
    }
    return null;
  }

  /** Drops what waits, interrupts the work in progress and waits for the workers to end. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      pending.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        if (!t.join(JOIN_TIMEOUT)) {
          log.warn("{} still busy after {}; left running", t.getName(), JOIN_TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

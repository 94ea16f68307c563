package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Visits every block reachable from some roots once, reading links on several virtual threads at
 * once (reads of a local disk and fetches from peers both gain from it). The order of visits is
 * unspecified; walks that must be ordered ({@code refs}) use {@link Links} directly.
 *
 * <p>One walk per instance; {@link #run} is called once, from one thread. Its visitor and link
 * reader are called from the walk's threads concurrently and must be thread-safe.
 */
final class DagWalk {

  /** Reads the links of a block (fetching it if the reader does that). */
  @FunctionalInterface
  interface LinkReader {
    List<Cid> links(Cid cid) throws InterruptedException;
  }

  /** Called once per block reached, before its links are read. */
  @FunctionalInterface
  interface Visitor {
    /**
     * @return whether to walk on below this block
     */
    boolean visit(Cid cid, boolean root);
  }

  private final LinkReader reader;
  private final int parallelism;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final Condition finished = lock.newCondition();
  private final Deque<Cid> pending = new ArrayDeque<>(); // LIFO: depth first, small queue
  private final List<Thread> workers = new ArrayList<>();
  private int active;
  private int idle; // workers waiting for work
  private Throwable failure;
  private boolean stopped;

  DagWalk(LinkReader reader, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.reader = reader;
    this.parallelism = parallelism;
  }

  /**
   * Walks from every one of {@code roots}, and below them through links not yet in {@code visited},
   * adding every CID it reaches to {@code visited} (roots included). A root reached from another
   * root is visited once, as a root.
   *
   * @throws InterruptedException if this thread is interrupted; the walk's threads are stopped
   * @throws RuntimeException the first failure of the reader or the visitor, after the walk stopped
   */
  void run(Collection<Cid> roots, Set<Cid> visited, Visitor visitor) throws InterruptedException {
    Set<Cid> rootSet = new java.util.LinkedHashSet<>(roots);
    visited.addAll(rootSet);
    List<Cid> rootList = new ArrayList<>(rootSet);
    lock.lock();
    try {
      for (int i = rootList.size() - 1; i >= 0; i--) {
        pending.push(rootList.get(i));
      }
      for (int i = 0; i < parallelism; i++) {
        workers.add(
            Thread.ofVirtual().name("dag-walk-", i).start(() -> work(visited, visitor, rootSet)));
      }
      while ((active > 0 || !pending.isEmpty()) && failure == null && !stopped) {
        finished.await();
      }
    } catch (InterruptedException e) {
      stop();
      throw e;
    } finally {
      stopped = true;
      workAvailable.signalAll();
      lock.unlock();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure instanceof InterruptedException e) {
      throw e;
    }
  }

  /** Stops the walk: workers finish the block in hand and quit. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      workAvailable.signalAll();
      finished.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread worker : workers) {
      worker.interrupt();
    }
  }

  private void work(Set<Cid> visited, Visitor visitor, Set<Cid> roots) {
    while (true) {
      Cid cid;
      lock.lock();
      try {
        while (pending.isEmpty() && active > 0 && !stopped && failure == null) {
          idle++;
          workAvailable.awaitUninterruptibly();
          idle--;
        }
        if (stopped || failure != null || pending.isEmpty()) {
          workAvailable.signalAll();
          finished.signalAll();
          return;
        }
        cid = pending.pop();
        active++;
      } finally {
        lock.unlock();
      }
      List<Cid> next = new ArrayList<>();
      Throwable error = null;
      try {
        if (visitor.visit(cid, roots.contains(cid))) {
          for (Cid link : reader.links(cid)) {
            if (visited.add(link)) {
              next.add(link);
            }
          }
        }
      } catch (Throwable t) {
        error = t;
      }
      lock.lock();
      try {
        active--;
        if (error != null && failure == null && !stopped) {
          failure = error;
        }
        for (int i = next.size() - 1; i >= 0; i--) {
          pending.push(next.get(i));
        }
        if (failure != null || (active == 0 && pending.isEmpty())) {
          // Done or failed: wake everyone so they see it.
          workAvailable.signalAll();
          finished.signalAll();
        } else {
          // This worker takes one item itself; wake an idle worker for each of the others.
          for (int i = Math.min(idle, next.size() - 1); i > 0; i--) {
            workAvailable.signal();
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }
}

package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Visits every block reachable from some roots once, reading links on up to {@code parallelism}
 * threads at once (reads of a local disk and fetches from peers both gain from it). The calling
 * thread walks too, and more virtual threads start only when blocks with several links leave work
 * waiting, so a walk of a single block (a leaf, an identity CID) starts no thread at all. The order
 * of visits is unspecified; walks that must be ordered ({@code refs}) use {@link Links} directly.
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
  private final Deque<Cid> pending = new ArrayDeque<>(); // LIFO: depth first, small queue
  private final List<Thread> workers = new ArrayList<>(); // started ones, the caller not included
  private Set<Cid> visited;
  private Visitor visitor;
  private Set<Cid> roots;
  private int active;
  private int idle; // walkers waiting for work
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
    Set<Cid> rootSet = new LinkedHashSet<>(roots);
    visited.addAll(rootSet);
    List<Cid> rootList = new ArrayList<>(rootSet);
    List<Thread> started;
    lock.lock();
    try {
      this.visited = visited;
      this.visitor = visitor;
      this.roots = rootSet;
      for (int i = rootList.size() - 1; i >= 0; i--) {
        pending.push(rootList.get(i));
      }
      startWalkers(pending.size() - 1);
    } finally {
      lock.unlock();
    }
    work(true);
    boolean failed;
    lock.lock();
    try {
      stopped = true;
      workAvailable.signalAll();
      started = List.copyOf(workers);
      failed = failure != null;
    } finally {
      lock.unlock();
    }
    if (failed) {
      started.forEach(Thread::interrupt); // a failed walk does not wait for fetches in flight
    }
    joinAll(started);
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

  /** Stops the walk: walkers finish the block in hand and quit. */
  void stop() {
    List<Thread> started;
    lock.lock();
    try {
      stopped = true;
      workAvailable.signalAll();
      started = List.copyOf(workers);
    } finally {
      lock.unlock();
    }
    for (Thread worker : started) {
      worker.interrupt();
    }
  }

  /** Starts up to {@code wanted} more walkers, within {@code parallelism}. Holds the lock. */
  private void startWalkers(int wanted) {
    for (int i = 0; i < wanted && workers.size() + 1 < parallelism; i++) {
      workers.add(Thread.ofVirtual().name("dag-walk-", workers.size()).start(() -> work(false)));
    }
  }

  private void joinAll(List<Thread> started) throws InterruptedException {
    try {
      for (Thread worker : started) {
        worker.join();
      }
    } catch (InterruptedException e) {
      started.forEach(Thread::interrupt);
      throw e;
    }
  }

  /**
   * Takes blocks until the walk is done, failed or stopped. The caller's walker waits
   * interruptibly: its interruption fails the walk.
   */
  private void work(boolean caller) {
    while (true) {
      Cid cid;
      lock.lock();
      try {
        while (pending.isEmpty() && active > 0 && !stopped && failure == null) {
          idle++;
          try {
            if (caller) {
              workAvailable.await();
            } else {
              workAvailable.awaitUninterruptibly();
            }
          } catch (InterruptedException e) {
            failure = e;
          } finally {
            idle--;
          }
        }
        if (stopped || failure != null || pending.isEmpty()) {
          workAvailable.signalAll();
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
        } else {
          // This walker takes one item itself; wake an idle walker for each of the others, and
          // start walkers for what is left.
          int others = next.size() - 1;
          int woken = Math.min(idle, Math.max(0, others));
          for (int i = 0; i < woken; i++) {
            workAvailable.signal();
          }
          if (!stopped) {
            startWalkers(others - woken);
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }
}

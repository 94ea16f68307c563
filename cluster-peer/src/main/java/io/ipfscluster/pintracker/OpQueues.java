package io.ipfscluster.pintracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's three bounded queues (priority pin, pin, unpin) and their workers: {@code
 * pinWorkers} threads take from the priority queue first, then from the pin queue; one thread takes
 * from the unpin queue.
 *
 * <p>Thread-safe. {@link #close()} interrupts the workers (and so their IPFS calls) and waits for
 * them to end.
 */
final class OpQueues implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("pintracker");
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final BlockingQueue<Operation> priorityPins;
  private final BlockingQueue<Operation> pins;
  private final BlockingQueue<Operation> unpins;
  // One permit per operation in priorityPins or pins, so a pin worker waits on both queues at once.
  private final Semaphore pinsAvailable = new Semaphore(0);
  private final List<Thread> workers = new ArrayList<>();
  private final String logPrefix;
  private volatile boolean closed;

  /**
   * Starts the workers: {@code pinner} and {@code unpinner} run one operation each time and must
   * not throw.
   */
  OpQueues(
      int capacity,
      int pinWorkers,
      ThreadFactory threads,
      Consumer<Operation> pinner,
      Consumer<Operation> unpinner,
      String logPrefix) {
    // Linked queues allocate per element, so the default bound of 1,000,000 costs nothing idle.
    this.priorityPins = new LinkedBlockingQueue<>(capacity);
    this.pins = new LinkedBlockingQueue<>(capacity);
    this.unpins = new LinkedBlockingQueue<>(capacity);
    this.logPrefix = logPrefix;
    for (int i = 0; i < pinWorkers; i++) {
      workers.add(threads.newThread(() -> work(this::nextPin, pinner)));
    }
    workers.add(threads.newThread(() -> work(unpins::take, unpinner)));
    workers.forEach(Thread::start);
  }

  /** Queues a pin operation; false when its queue is full. */
  boolean offerPin(Operation op, boolean priority) {
    if (!(priority ? priorityPins : pins).offer(op)) {
      return false;
    }
    pinsAvailable.release();
    return true;
  }

  /** Queues an unpin operation; false when the queue is full. */
  boolean offerUnpin(Operation op) {
    return unpins.offer(op);
  }

  private Operation nextPin() throws InterruptedException {
    pinsAvailable.acquire();
    Operation op = priorityPins.poll();
    return op != null ? op : pins.poll();
  }

  private interface Source {
    Operation next() throws InterruptedException;
  }

  private void work(Source source, Consumer<Operation> action) {
    while (!closed) {
      Operation op;
      try {
        op = source.next();
      } catch (InterruptedException e) {
        continue; // closing: the loop condition says so
      }
      try {
        action.accept(op);
      } catch (RuntimeException | Error e) {
        log.error("{} tracker worker failed on {}", logPrefix, op, e);
      }
    }
  }

  /** Stops the workers, interrupting running IPFS calls; waits up to 10 s for them. Idempotent. */
  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    for (Thread worker : workers) {
      try {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!worker.join(left)) {
          log.warn("{} tracker worker {} did not stop in time", logPrefix, worker.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

package io.ipfscluster.ipfs.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a connector's pins, block writes and GCs and, every {@code informer_trigger_interval} of
 * them, asks the peer's informers to send their metrics now (on a virtual thread, one send at a
 * time), so that free space and the pin queue are not a whole metric TTL stale under load. Used by
 * every connector, over HTTP or in process.
 *
 * <p>Thread-safe.
 */
public final class InformerTrigger {
  private static final Logger log = LoggerFactory.getLogger(InformerTrigger.class);

  private final int every;
  private final PeerHooks hooks;
  private final String threadName;
  private final AtomicLong sinceLastSend = new AtomicLong();
  private final Semaphore sending = new Semaphore(1);

  /**
   * @param every {@code informer_trigger_interval}; 0 or less never sends
   * @param threadName the name of the sending thread
   */
  public InformerTrigger(int every, PeerHooks hooks, String threadName) {
    this.every = every;
    this.hooks = hooks;
    this.threadName = threadName;
  }

  /** Counts one operation, sending the metrics when it is the {@code every}-th since the last. */
  public void count() {
    if (every <= 0 || sinceLastSend.incrementAndGet() < every) {
      return;
    }
    sinceLastSend.set(0);
    if (!sending.tryAcquire()) {
      return; // metrics are being sent right now
    }
    Thread.ofVirtual().name(threadName).start(this::send);
  }

  private void send() {
    try {
      hooks.sendInformersMetrics().run();
    } catch (RuntimeException e) {
      log.error("{} sending informer metrics failed: {}", hooks.logId(), e.toString());
    } finally {
      sending.release();
    }
  }
}

package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.components.IpfsException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one call of {@link EmbeddedNodeConnector} that may wait for other peers on a virtual thread,
 * and gives up on it (interrupting it) after its limit, as an HTTP call would time out.
 *
 * <p>Stateless and thread-safe.
 */
final class Timed {
  private Timed() {}

  /** Work on the node that may block. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  /**
   * The result of {@code work}, within {@code limit} (zero: no limit).
   *
   * @param setting the key in {@code ipfs_connector.ipfshttp} named when the limit passes
   */
  static <T> T call(String path, String setting, Duration limit, Work<T> work) {
    FutureTask<T> task = new FutureTask<>(work::run);
    Thread.ofVirtual().name("ipfs-embedded-call").start(task);
    try {
      return limit.isZero() ? task.get() : task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw EmbeddedNodeConnector.timedOut(path, setting, limit);
    } catch (ExecutionException e) {
      throw Failures.of(path, e.getCause(), false);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path + ")", e);
    }
  }
}

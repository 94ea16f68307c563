package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pin of {@link EmbeddedNodeConnector}, cancelled when it stalls: the pin runs on a virtual
 * thread counting the blocks it obtains, and the caller gives up when the count has not grown for
 * {@code pin_timeout}, as {@code IpfsHttpConnector} does with {@code pin/add}'s {@code Progress}. A
 * pin that is long but moving is never cancelled. The count is looked at every {@value
 * PinCommands#PROGRESS_MILLIS} ms, the interval at which the HTTP API reports it.
 *
 * <p>Stateless and thread-safe.
 */
final class PinCall {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(PinCommands.PROGRESS_MILLIS);

  private PinCall() {}

  /** The pin work, which increments {@code progress} once per block obtained. */
  @FunctionalInterface
  interface Work {
    void run(AtomicLong progress) throws Exception;
  }

  /**
   * Runs {@code work} until it ends or stalls for {@code limit} (zero: never stalls).
   *
   * @throws IpfsTimeoutException naming {@code pin_timeout} when it stalls
   */
  static void run(String path, Duration limit, Work work) {
    AtomicLong progress = new AtomicLong();
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              work.run(progress);
              return null;
            });
    Thread.ofVirtual().name("ipfs-embedded-pin").start(task);
    long limitNanos = limit.toNanos();
    long start = System.nanoTime();
    long lastGain = start;
    long best = 0; // as in the original, a first count of 0 is no progress
    try {
      while (true) {
        long wait =
            limit.isZero()
                ? POLL_NANOS
                : Math.max(1, Math.min(POLL_NANOS, lastGain + limitNanos - System.nanoTime()));
        try {
          task.get(wait, TimeUnit.NANOSECONDS);
          return;
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          long count = progress.get();
          if (count > best) {
            best = count;
            lastGain = now;
          } else if (!limit.isZero() && now - lastGain >= limitNanos) {
            task.cancel(true);
            throw stalled(path, limit);
          }
        }
      }
    } catch (ExecutionException e) {
      // Over HTTP the answer begins streaming after the first progress interval.
      boolean streamed = System.nanoTime() - start >= POLL_NANOS;
      throw Failures.of(path, e.getCause(), streamed);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path + ")", e);
    }
  }

  private static IpfsTimeoutException stalled(String path, Duration limit) {
    String setting = IpfsHttpSettings.SECTION + ".pin_timeout";
    return new IpfsTimeoutException(
        "IPFS pin made no progress for "
            + GoDuration.format(limit)
            + " ("
            + path
            + "): the node cannot fetch the content; raise "
            + setting
            + " if it is just slow",
        setting,
        limit,
        null);
  }
}

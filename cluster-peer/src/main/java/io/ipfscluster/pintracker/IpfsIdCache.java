package io.ipfscluster.pintracker;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.components.IpfsConnector;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The IPFS node's peer ID and addresses for status reports, asked from the node in the background
 * when older than {@code maxAge}, so that a status call never waits on IPFS for them. The last good
 * answer is kept while the node is down, as the original's ping metric keeps it.
 *
 * <p>Thread-safe. Closing interrupts a refresh in flight.
 */
final class IpfsIdCache implements Supplier<IpfsInfo>, AutoCloseable {
  private final IpfsConnector ipfs;
  private final InstantSource clock;
  private final ThreadFactory threads;
  private final Duration maxAge;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile IpfsInfo value = IpfsInfo.unknown();
  private volatile Instant asked; // null until the first answer or failure
  private volatile Thread refresher;
  private volatile boolean closed;

  IpfsIdCache(IpfsConnector ipfs, InstantSource clock, ThreadFactory threads, Duration maxAge) {
    this.ipfs = ipfs;
    this.clock = clock;
    this.threads = threads;
    this.maxAge = maxAge;
  }

  /** The last known identity (unknown at first); starts a refresh when it is stale. */
  @Override
  public IpfsInfo get() {
    Instant last = asked;
    boolean stale = last == null || !clock.instant().isBefore(last.plus(maxAge));
    if (stale && !closed && refreshing.compareAndSet(false, true)) {
      Thread t = threads.newThread(this::refresh);
      refresher = t;
      t.start();
    }
    return value;
  }

  private void refresh() {
    try {
      IpfsInfo info = ipfs.id();
      if (info.id() != null) {
        value = info;
      }
    } catch (RuntimeException e) {
      // IPFS is down: keep the last good identity; the next stale read asks again.
    } finally {
      asked = clock.instant();
      refresher = null;
      refreshing.set(false);
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = refresher;
    if (t != null) {
      t.interrupt();
    }
  }
}

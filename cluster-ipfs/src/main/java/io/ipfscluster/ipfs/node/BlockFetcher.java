package io.ipfscluster.ipfs.node;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.blockstore.InvalidBlockException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multihash;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gets blocks for walks over DAGs: from the blockstore, else from the {@link BlockSource}, whose
 * answers are verified against their CIDs and stored. A block nobody has yet is waited for, asking
 * the source again every {@code retryInterval} and waking up early when any block arrives through
 * this node, until {@code timeout} passes.
 *
 * <p>Thread-safe.
 */
final class BlockFetcher {
  private final Blockstore store;
  private final BlockSource source;
  private final WriteClaims claims;
  private final Duration timeout;
  private final Duration retryInterval;
  private final ReentrantLock arrivalLock = new ReentrantLock();
  private final Condition arrived = arrivalLock.newCondition();

  BlockFetcher(
      Blockstore store,
      BlockSource source,
      WriteClaims claims,
      Duration timeout,
      Duration retryInterval) {
    this.store = store;
    this.source = source;
    this.claims = claims;
    this.timeout = timeout;
    this.retryInterval = retryInterval;
  }

  /** Wakes walks waiting for blocks: call after blocks were written to the store. */
  void blocksArrived() {
    arrivalLock.lock();
    try {
      arrived.signalAll();
    } finally {
      arrivalLock.unlock();
    }
  }

  /**
   * Makes sure the block is stored, fetching it if needed, and returns its bytes if they had to be
   * fetched, or {@code null} if it was already there (so callers read only what they need).
   *
   * @param providers who likely has it, passed on to the source
   * @throws BlockNotFoundException if neither the store nor the source has it within the timeout
   * @throws InvalidBlockException if the source answered with bytes that do not match the CID
   */
  byte[] ensure(Cid cid, WriteClaims.Session session, BlockSource.Providers providers)
      throws InterruptedException {
    if (present(cid, session)) {
      return null;
    }
    return fetch(cid, session, providers);
  }

  /** The whole block, from the store or fetched. Same failures as {@link #ensure}. */
  byte[] get(Cid cid, WriteClaims.Session session, BlockSource.Providers providers)
      throws InterruptedException {
    Multihash key = cid.multihash();
    if (claims.touch(key, session)) {
      byte[] data = store.get(key);
      if (data != null) {
        return data;
      }
    }
    return fetch(cid, session, providers);
  }

  /**
   * The first {@code maxBytes} of the block (all of it when shorter), from the store or fetched.
   */
  byte[] getPrefix(
      Cid cid, int maxBytes, WriteClaims.Session session, BlockSource.Providers providers)
      throws InterruptedException {
    Multihash key = cid.multihash();
    if (claims.touch(key, session)) {
      byte[] prefix = store.getPrefix(key, maxBytes);
      if (prefix != null) {
        return prefix;
      }
    }
    return fetch(cid, session, providers);
  }

  private boolean present(Cid cid, WriteClaims.Session session) {
    Multihash key = cid.multihash();
    return claims.touch(key, session) && store.has(key);
  }

  private byte[] fetch(Cid cid, WriteClaims.Session session, BlockSource.Providers providers)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("fetching " + cid);
      }
      byte[] data = source.fetch(cid, providers);
      if (data != null) {
        try {
          Blockstore.verify(cid, data);
        } catch (InvalidBlockException e) {
          throw new InvalidBlockException(
              "the block source (" + source + ") answered with a bad block: " + e.getMessage());
        }
        if (session != null) {
          session.put(cid.multihash(), () -> store.putTrusted(cid.multihash(), data));
        } else {
          store.putTrusted(cid.multihash(), data);
        }
        return data;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw notFound(cid);
      }
      arrivalLock.lock();
      try {
        if (store.has(cid.multihash())) {
          byte[] local = store.get(cid.multihash());
          if (local != null) {
            return local;
          }
        }
        arrived.await(Math.min(left, retryInterval.toNanos()), TimeUnit.NANOSECONDS);
      } finally {
        arrivalLock.unlock();
      }
      if (store.has(cid.multihash())) {
        byte[] local = store.get(cid.multihash());
        if (local != null) {
          return local;
        }
      }
    }
  }

  private BlockNotFoundException notFound(Cid cid) {
    String why =
        source.isNone()
            ? "this node has no block source to fetch it from"
            : "the block source (" + source + ") did not supply it";
    return new BlockNotFoundException(
        cid,
        "block "
            + cid
            + " was not found: it is not in the blockstore and "
            + why
            + " within the pin timeout of "
            + GoDuration.format(timeout));
  }
}

package io.ipfscluster.ipfs.node;

import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.blockstore.BlockstoreException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes every block that no pin keeps: mark (walk the DAGs of recursive pins, add direct pins),
 * then sweep (delete the stored blocks not marked).
 *
 * <p>It holds the node's collection lock exclusively, so no import or pin runs meanwhile. If a
 * pinned DAG cannot be walked (a block missing or malformed), nothing is deleted: a partial mark
 * could sweep blocks below the gap that a pin still needs. Thread-safe.
 */
final class GarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final Blockstore store;
  private final PinStore pins;
  private final Pinner pinner;
  private final Lock exclusiveGcLock;
  private final String logPrefix;

  GarbageCollector(
      Blockstore store, PinStore pins, Pinner pinner, Lock exclusiveGcLock, String logPrefix) {
    this.store = store;
    this.pins = pins;
    this.pinner = pinner;
    this.exclusiveGcLock = exclusiveGcLock;
    this.logPrefix = logPrefix;
  }

  /**
   * Collects garbage, reporting each removed block (as a CIDv1 with the raw codec, since blocks are
   * kept by multihash, as kubo does) and each error to {@code out} as it goes.
   *
   * @return the number of blocks removed
   * @throws NodeException if the pinned DAGs cannot be walked; nothing was removed then
   */
  long collect(Consumer<RepoGcKey> out) throws InterruptedException {
    exclusiveGcLock.lockInterruptibly();
    try {
      long started = System.nanoTime();
      Set<Multihash> keep = mark();
      long removed = 0;
      long failed = 0;
      try (Stream<Multihash> keys = store.keys()) {
        for (Multihash key : (Iterable<Multihash>) keys::iterator) {
          if (keep.contains(key)) {
            continue;
          }
          Cid cid = Cid.v1(Multicodec.RAW, key);
          try {
            if (store.delete(key)) {
              removed++;
              out.accept(RepoGcKey.removed(cid));
            }
          } catch (BlockstoreException e) {
            failed++;
            out.accept(RepoGcKey.failed("could not remove " + cid + ": " + e.getMessage()));
          }
        }
      }
      long freed = store.compact();
      log.info(
          "{} repo gc: removed {} blocks ({} errors), kept {}, freed {} bytes of disk, in {} ms",
          logPrefix,
          removed,
          failed,
          keep.size(),
          freed,
          (System.nanoTime() - started) / 1_000_000);
      return removed;
    } finally {
      exclusiveGcLock.unlock();
    }
  }

  private Set<Multihash> mark() throws InterruptedException {
    List<Cid> roots = new ArrayList<>();
    try (PinStore.CloseableIterator<Cid> it = pins.cids(PinStore.RECURSIVE)) {
      it.forEachRemaining(roots::add);
    }
    Set<Multihash> keep = ConcurrentHashMap.newKeySet();
    pinner.walk(
        roots,
        ConcurrentHashMap.newKeySet(),
        false,
        (cid, root) -> {
          keep.add(cid.multihash());
          return true;
        });
    pins.forEach(PinStore.DIRECT, entry -> keep.add(entry.cid().multihash()));
    return keep;
  }
}

package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of {@link CrdtConsensus#sync}: from the announced heads and the pending blocks down to
 * the blocks the replica covers, fetching each level in a few parallel calls of many blocks, and
 * merging what it fetched in large batches (one synced datastore write per batch, not per block).
 *
 * <p>The merge order does not matter: a replica's state is a function of the set of merged blocks,
 * and a block merged before its parents leaves them pending until they are merged too. So the walk
 * may merge a level before the one below it is fetched, and a walk cut short (a peer that lacks a
 * block, an invalid block) leaves a consistent replica with the missing parents pending.
 *
 * <p>Not thread-safe: one walk, one thread (it starts virtual threads for the parallel calls).
 */
final class DagSync {
  private static final Logger log = LoggerFactory.getLogger(DagSync.class);

  /** Blocks asked for in one fetch call. */
  static final int CALL_BLOCKS = 32;

  /** Fetch calls in flight at once. */
  static final int PARALLEL_CALLS = 4;

  /** Blocks merged in one datastore batch, at most. */
  static final int MERGE_BLOCKS = 512;

  /** Bytes of fetched blocks held before they are merged, at most (about). */
  static final long MERGE_BYTES = 16L << 20;

  private final CrdtReplica replica;
  private final Predicate<PeerId> trusted;
  private final ToIntFunction<List<DeltaBlock>> merge;
  private final String logId;
  private final List<DeltaBlock> unmerged = new ArrayList<>();
  private long unmergedBytes;
  private int merged;

  /**
   * @param merge merges blocks already verified, with their hooks; returns how many were new
   */
  DagSync(
      CrdtReplica replica,
      Predicate<PeerId> trusted,
      ToIntFunction<List<DeltaBlock>> merge,
      String logId) {
    this.replica = replica;
    this.trusted = trusted;
    this.merge = merge;
    this.logId = logId;
  }

  /** Fetches, verifies and merges; see {@link CrdtConsensus#sync}. */
  int run(HeadAnnouncement announcement, BlockFetcher fetcher) {
    ArrayDeque<BlockRef> todo = new ArrayDeque<>(announcement.heads());
    todo.addAll(replica.pending());
    Set<Cid> seen = new HashSet<>();
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      while (!todo.isEmpty()) {
        List<BlockRef> level = new ArrayList<>();
        while (!todo.isEmpty() && level.size() < CALL_BLOCKS * PARALLEL_CALLS) {
          BlockRef ref = todo.poll();
          if (seen.add(ref.cid()) && !replica.covers(ref.dot())) {
            level.add(ref);
          }
        }
        if (level.isEmpty()) {
          break;
        }
        Map<Cid, byte[]> fetched = fetch(level, announcement.sender(), fetcher, calls);
        for (BlockRef ref : level) {
          byte[] bytes = fetched.get(ref.cid());
          if (bytes == null) {
            log.debug("{} could not fetch CRDT block {}; it stays pending", logId, ref.cid());
            continue;
          }
          DeltaBlock block = verify(ref, bytes);
          unmerged.add(block);
          unmergedBytes += bytes.length;
          todo.addAll(block.delta().parents());
        }
        if (unmerged.size() >= MERGE_BLOCKS || unmergedBytes >= MERGE_BYTES) {
          flush();
        }
      }
    } finally {
      flush(); // what was verified stays merged, whatever stopped the walk
    }
    return merged;
  }

  private DeltaBlock verify(BlockRef ref, byte[] bytes) {
    DeltaBlock block = BlockCodec.decode(ref.cid(), bytes);
    if (!block.ref().equals(ref)) {
      throw new InvalidBlockException(
          "CRDT block " + ref.cid() + " was announced as " + ref + " but is " + block.ref());
    }
    PeerId author = block.delta().author();
    if (!trusted.test(author)) {
      throw new InvalidBlockException(
          "CRDT block " + block.cid() + " is signed by " + author + ", which is not trusted");
    }
    return block;
  }

  private void flush() {
    if (!unmerged.isEmpty()) {
      merged += merge.applyAsInt(List.copyOf(unmerged));
      unmerged.clear();
      unmergedBytes = 0;
    }
  }

  /** The blocks of {@code level}, in calls of {@link #CALL_BLOCKS} run in parallel. */
  private static Map<Cid, byte[]> fetch(
      List<BlockRef> level, PeerId source, BlockFetcher fetcher, ExecutorService calls) {
    List<Cid> cids = level.stream().map(BlockRef::cid).toList();
    if (cids.size() <= CALL_BLOCKS) {
      return fetcher.fetchMany(cids, source);
    }
    List<Future<Map<Cid, byte[]>>> parts = new ArrayList<>();
    for (int i = 0; i < cids.size(); i += CALL_BLOCKS) {
      List<Cid> part = cids.subList(i, Math.min(cids.size(), i + CALL_BLOCKS));
      parts.add(calls.submit(() -> fetcher.fetchMany(part, source)));
    }
    Map<Cid, byte[]> out = new HashMap<>();
    for (Future<Map<Cid, byte[]>> part : parts) {
      try {
        out.putAll(part.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        parts.forEach(p -> p.cancel(true));
        throw new IllegalStateException("CRDT sync interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }
}

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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link CrdtConsensus#sync}, in two phases. First the blocks between this replica's
 * version vector and the sender's, asked for by writer and sequence number ({@link DotRange}) in
 * parallel calls, so that a long chain needs no round trip per block. Then a walk from the
 * announced heads and the pending blocks down to the blocks the replica covers, each level fetched
 * in a few parallel calls of many blocks: what the ranges did not bring (blocks above the sender's
 * vector, a sender that does not serve ranges). Fetched blocks are merged in large batches (one
 * synced datastore write per batch, not per block).
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

  /**
   * Sequence numbers asked for in the first range call of a sync: few, as blocks may be large (an
   * imported state's are 1 MiB each); later calls ask for about {@link #RANGE_BYTES}.
   */
  static final long RANGE_FIRST_SPAN = 4;

  /** Sequence numbers asked for in one range call, at least and at most. */
  static final long RANGE_MIN_SPAN = 1;

  static final long RANGE_MAX_SPAN = 1024;

  /** What one range call should bring, about, given the blocks' mean size so far. */
  static final long RANGE_BYTES = 4L << 20;

  /** Blocks decoded by one task when a range's blocks are verified in parallel. */
  static final int DECODE_BLOCKS = 64;

  /** Blocks merged in one datastore batch, at most. */
  static final int MERGE_BLOCKS = 512;

  /**
   * Bytes of fetched blocks held before they are merged, at most (about). The merge of a batch
   * holds its writes in the heap too (about three times the blocks' bytes for pin-sized entries):
   * with the range calls in flight, a sync of large blocks keeps to some 50 MiB of heap.
   */
  static final long MERGE_BYTES = 8L << 20;

  private final CrdtReplica replica;
  private final Predicate<PeerId> trusted;
  private final ToIntFunction<List<DeltaBlock>> merge;
  private final String logId;
  private final List<DeltaBlock> unmerged = new ArrayList<>();
  private long unmergedBytes;
  private int merged;
  private int rangeCalls;
  private long mergeNanos;

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
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      takeInline(announcement);
      flush(); // the ranges and the walk then see the inline blocks as covered
      fetchRanges(announcement, fetcher, calls);
      flush(); // the walk then sees the ranges' blocks as covered
      long ranged = System.nanoTime();
      int byRanges = merged;
      walk(announcement, fetcher, calls);
      log.debug(
          "{} sync from {}: {} blocks by {} range calls in {} ms, then {} by CID in {} ms;"
              + " merging took {} ms",
          logId,
          announcement.sender().shortString(),
          byRanges,
          rangeCalls,
          (ranged - start) / 1_000_000,
          merged - byRanges,
          (System.nanoTime() - ranged) / 1_000_000,
          mergeNanos / 1_000_000);
    } finally {
      flush(); // what was verified stays merged, whatever stopped the sync
    }
    return merged;
  }

  /**
   * The first phase: the blocks below the sender's version vector and above this replica's, fetched
   * by writer and sequence number, in parallel calls. Blocks of an untrusted writer are skipped
   * here (the walk reports them). Stops when a whole round of calls brings nothing: the sender does
   * not serve ranges.
   */
  private void fetchRanges(
      HeadAnnouncement announcement, BlockFetcher fetcher, ExecutorService calls) {
    VersionVector mine = replica.versionVector();
    ArrayDeque<DotRange> todo = new ArrayDeque<>();
    for (Map.Entry<WriterId, Long> e : announcement.versionVector().entries().entrySet()) {
      if (e.getValue() > mine.get(e.getKey())) {
        todo.add(new DotRange(e.getKey(), mine.get(e.getKey()), e.getValue()));
      }
    }
    Set<WriterId> untrusted = new HashSet<>();
    long span = RANGE_FIRST_SPAN;
    long blocks = 0;
    long bytes = 0;
    while (!todo.isEmpty()) {
      List<DotRange> round = new ArrayList<>();
      while (!todo.isEmpty() && round.size() < PARALLEL_CALLS) {
        DotRange r = todo.poll();
        if (untrusted.contains(r.writer())) {
          continue;
        }
        if (r.size() > span) {
          todo.addFirst(new DotRange(r.writer(), r.after() + span, r.upTo()));
          r = new DotRange(r.writer(), r.after(), r.after() + span);
        }
        round.add(r);
      }
      rangeCalls += round.size();
      List<Map<Cid, byte[]>> results =
          inParallel(
              round.stream()
                  .map(r -> call(() -> fetcher.fetchRange(r, announcement.sender())))
                  .toList(),
              calls);
      int got = 0;
      for (int i = 0; i < round.size(); i++) {
        List<Map.Entry<Cid, byte[]>> entries = List.copyOf(results.get(i).entrySet());
        List<DeltaBlock> decoded = decodeAll(entries, calls);
        for (int j = 0; j < entries.size(); j++) {
          Map.Entry<Cid, byte[]> e = entries.get(j);
          DeltaBlock block = decoded.get(j);
          if (!round.get(i).contains(block.delta().dot())) {
            throw new InvalidBlockException(
                "CRDT block "
                    + block.cid()
                    + " with dot "
                    + block.delta().dot()
                    + " is not in the range "
                    + round.get(i)
                    + " asked for");
          }
          if (!trusted.test(block.delta().author())) {
            untrusted.add(block.delta().dot().writer());
            continue;
          }
          got++;
          bytes += e.getValue().length;
          add(block, e.getValue().length);
        }
      }
      if (got == 0) {
        return;
      }
      blocks += got;
      span = Math.clamp(RANGE_BYTES * blocks / Math.max(1, bytes), RANGE_MIN_SPAN, RANGE_MAX_SPAN);
    }
  }

  /**
   * The blocks carried in the announcement, verified as fetched ones are (CID of the bytes,
   * signature, trusted author): a receiver accepts nothing inline it would refuse to fetch. Their
   * missing parents are fetched by the phases that follow.
   */
  private void takeInline(HeadAnnouncement announcement) {
    for (byte[] bytes : announcement.blocks()) {
      DeltaBlock block = BlockCodec.decode(bytes);
      PeerId author = block.delta().author();
      if (!trusted.test(author)) {
        throw new InvalidBlockException(
            "CRDT block " + block.cid() + " is signed by " + author + ", which is not trusted");
      }
      if (!replica.covers(block.delta().dot())) {
        add(block, bytes.length);
      }
    }
  }

  /** The second phase: from the heads and the pending blocks down to covered blocks, by CID. */
  private void walk(HeadAnnouncement announcement, BlockFetcher fetcher, ExecutorService calls) {
    ArrayDeque<BlockRef> todo = new ArrayDeque<>(announcement.heads());
    todo.addAll(replica.pending());
    Set<Cid> seen = new HashSet<>();
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
        add(block, bytes.length);
        todo.addAll(block.delta().parents());
      }
    }
  }

  private void add(DeltaBlock block, int bytes) {
    unmerged.add(block);
    unmergedBytes += bytes;
    if (unmerged.size() >= MERGE_BLOCKS || unmergedBytes >= MERGE_BYTES) {
      flush();
    }
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
      long start = System.nanoTime();
      merged += merge.applyAsInt(List.copyOf(unmerged));
      mergeNanos += System.nanoTime() - start;
      unmerged.clear();
      unmergedBytes = 0;
    }
  }

  /** The blocks of {@code level}, in calls of {@link #CALL_BLOCKS} run in parallel. */
  private static Map<Cid, byte[]> fetch(
      List<BlockRef> level, PeerId source, BlockFetcher fetcher, ExecutorService calls) {
    List<Cid> cids = level.stream().map(BlockRef::cid).toList();
    List<Callable<Map<Cid, byte[]>>> parts = new ArrayList<>();
    for (int i = 0; i < cids.size(); i += CALL_BLOCKS) {
      List<Cid> part = cids.subList(i, Math.min(cids.size(), i + CALL_BLOCKS));
      parts.add(() -> fetcher.fetchMany(part, source));
    }
    Map<Cid, byte[]> out = new HashMap<>();
    inParallel(parts, calls).forEach(out::putAll);
    return out;
  }

  /**
   * Decodes and verifies the signatures of {@code entries} in parallel (the signatures are most of
   * the cost of a sync), in their order.
   */
  private static List<DeltaBlock> decodeAll(
      List<Map.Entry<Cid, byte[]>> entries, ExecutorService calls) {
    List<Callable<List<DeltaBlock>>> parts = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += DECODE_BLOCKS) {
      List<Map.Entry<Cid, byte[]>> part =
          entries.subList(i, Math.min(entries.size(), i + DECODE_BLOCKS));
      parts.add(() -> part.stream().map(e -> BlockCodec.decode(e.getKey(), e.getValue())).toList());
    }
    List<DeltaBlock> out = new ArrayList<>(entries.size());
    inParallel(parts, calls).forEach(out::addAll);
    return out;
  }

  private static <T> Callable<T> call(Callable<T> c) {
    return c;
  }

  /** Runs {@code tasks} at once (the only one on this thread), returning their results in order. */
  private static <T> List<T> inParallel(List<Callable<T>> tasks, ExecutorService calls) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    if (tasks.size() == 1) {
      try {
        return List.of(tasks.getFirst().call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    List<Future<T>> running = tasks.stream().map(calls::submit).toList();
    List<T> out = new ArrayList<>();
    for (Future<T> f : running) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.forEach(r -> r.cancel(true));
        throw new IllegalStateException("CRDT sync interrupted", e);
      } catch (ExecutionException e) {
        running.forEach(r -> r.cancel(true));
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }
}

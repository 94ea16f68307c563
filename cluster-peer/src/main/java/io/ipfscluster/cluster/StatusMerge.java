package io.ipfscluster.cluster;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the per-peer status streams of a global {@code StatusAll} or {@code RecoverAll} into one
 * {@link GlobalPinInfo} per CID (spec §8.4), holding one status per peer at a time rather than the
 * pinset: every peer streams in CID byte order, and the merge takes the smallest CID at the head of
 * the streams, k-way.
 *
 * <p>A peer that cannot be asked, or whose stream breaks, gives a {@code cluster_error} entry with
 * its error to every CID merged from then on (the original gives it to every CID; a stream that
 * broke half-way has answered for the CIDs before). A peer whose access policy refuses the call
 * ({@link OtherPeers.Denied}) is left out. When no peer answers at all, the CIDs come from {@code
 * fallback} if given (this peer's pinset: what the others would have listed), else the first error
 * is thrown.
 *
 * <p>Not thread-safe: one thread reads the merged stream; close it to cancel the peers' streams.
 */
final class StatusMerge {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  /** One peer's statuses, opened when the merge starts. */
  record Source(PeerId peer, Supplier<Stream<PinInfo>> open) {}

  /** Builds the {@code cluster_error} entry of {@code peer} for {@code cid} with an error text. */
  interface ErrorEntry {
    PinInfo of(PeerId peer, Cid cid, String error);
  }

  private StatusMerge() {}

  /**
   * Opens every source in parallel on {@code executor}, waits until each has its first status (or
   * its end, or its failure), and returns the merged statuses.
   *
   * @param fallback the CIDs to report when every source fails, or null to throw instead
   * @throws io.ipfscluster.components.ClusterException when every source failed and there is no
   *     fallback (the first failure)
   */
  static Stream<GlobalPinInfo> merge(
      List<Source> sources,
      ErrorEntry errorEntry,
      Supplier<Stream<Cid>> fallback,
      String logPrefix,
      Executor executor) {
    List<CompletableFuture<Cursor>> opening =
        sources.stream()
            .map(s -> CompletableFuture.supplyAsync(() -> Cursor.open(s), executor))
            .toList();
    List<Cursor> cursors = opening.stream().map(CompletableFuture::join).toList();
    Map<PeerId, String> failed = new LinkedHashMap<>();
    RuntimeException firstFailure = null;
    List<Cursor> live = new ArrayList<>();
    for (Cursor c : cursors) {
      if (c.failure == null) {
        live.add(c);
      } else if (c.failure instanceof OtherPeers.Denied) {
        log.debug("{} {} refused the call: {}", logPrefix, c.peer, c.failure.getMessage());
      } else {
        log.error("{} error in broadcast response from {}: {}", logPrefix, c.peer, c.error());
        failed.put(c.peer, c.error());
        firstFailure = firstFailure == null ? c.failure : firstFailure;
      }
    }
    if (live.isEmpty() && !failed.isEmpty()) {
      if (fallback == null) {
        throw firstFailure;
      }
      Stream<Cid> cids = fallback.get();
      return cids.map(cid -> errorsOnly(cid, failed, errorEntry)).onClose(cids::close);
    }
    KWay merged = new KWay(live, failed, errorEntry, logPrefix);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                merged, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
            false)
        .onClose(merged::close);
  }

  private static GlobalPinInfo errorsOnly(Cid cid, Map<PeerId, String> failed, ErrorEntry entry) {
    GlobalPinInfo.Builder b = GlobalPinInfo.builder();
    failed.forEach((peer, error) -> b.add(entry.of(peer, cid, error)));
    return b.build();
  }

  /** One peer's stream and the status at its head. */
  private static final class Cursor {
    final PeerId peer;
    Stream<PinInfo> stream;
    Iterator<PinInfo> items;
    PinInfo head;
    RuntimeException failure;

    private Cursor(PeerId peer) {
      this.peer = peer;
    }

    static Cursor open(Source source) {
      Cursor c = new Cursor(source.peer());
      try {
        c.stream = source.open().get();
        c.items = c.stream.iterator();
      } catch (RuntimeException e) {
        c.failure = e;
        return c;
      }
      c.advance();
      return c;
    }

    /** Moves to the next status; at the end or on a failure the head is null. */
    void advance() {
      try {
        head = items.hasNext() ? items.next() : null;
      } catch (RuntimeException e) {
        head = null;
        failure = e;
      }
      if (head == null) {
        close();
      }
    }

    String error() {
      return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    void close() {
      if (stream != null) {
        try {
          stream.close();
        } catch (RuntimeException e) {
          log.debug("closing the statuses of {}: {}", peer, e.toString());
        }
      }
    }
  }

  /** The merge proper: the cursors in a heap ordered by the CID at their head. */
  private static final class KWay implements Iterator<GlobalPinInfo>, AutoCloseable {
    private final PriorityQueue<Cursor> heap =
        new PriorityQueue<>(Comparator.comparing((Cursor c) -> c.head.cid()));
    private final Map<PeerId, String> failed;
    private final ErrorEntry errorEntry;
    private final String logPrefix;

    KWay(List<Cursor> live, Map<PeerId, String> failed, ErrorEntry errorEntry, String logPrefix) {
      this.failed = failed;
      this.errorEntry = errorEntry;
      this.logPrefix = logPrefix;
      live.stream().filter(c -> c.head != null).forEach(heap::add);
    }

    @Override
    public boolean hasNext() {
      return !heap.isEmpty();
    }

    @Override
    public GlobalPinInfo next() {
      if (heap.isEmpty()) {
        throw new NoSuchElementException();
      }
      Cid cid = heap.peek().head.cid();
      GlobalPinInfo.Builder b = GlobalPinInfo.builder();
      Set<PeerId> answered = new HashSet<>();
      while (!heap.isEmpty() && heap.peek().head.cid().equals(cid)) {
        Cursor c = heap.poll();
        b.add(c.head);
        answered.add(c.peer);
        c.advance();
        if (c.head != null) {
          if (c.head.cid().compareTo(cid) < 0) {
            c.failure =
                new IllegalStateException(
                    "listed " + c.head.cid() + " after " + cid + ", out of CID order");
            c.head = null;
            c.close();
          } else {
            heap.add(c);
          }
        }
        if (c.failure != null && !failed.containsKey(c.peer)) {
          if (c.failure instanceof OtherPeers.Denied) {
            log.debug("{} {} refused the call: {}", logPrefix, c.peer, c.error());
          } else {
            log.error("{} error in broadcast response from {}: {}", logPrefix, c.peer, c.error());
            failed.put(c.peer, c.error());
          }
        }
      }
      failed.forEach(
          (peer, error) -> {
            if (!answered.contains(peer)) {
              b.add(errorEntry.of(peer, cid, error));
            }
          });
      return b.build();
    }

    @Override
    public void close() {
      heap.forEach(Cursor::close);
      heap.clear();
    }
  }
}

package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who belongs to the cluster of a {@link CrdtConsensus}: which peers it trusts, which were removed
 * (design §10), which form its peerset, and who hears of a removal.
 *
 * <p>It only keeps the answers: the removals themselves arrive as {@link RemovalRecord}s that the
 * consensus commits or merges, then reports here with {@link #removed}.
 *
 * <p>Thread-safe: the sets are concurrent, the listeners a copy-on-write list.
 */
final class Membership {
  /*
   * Blocks of a removed peer. Trust in a block's author (mayAuthor) ignores removals: the blocks a
   * peer wrote before its removal are ancestors of everything written since, so a replica that
   * refused them (a peer joining later, or one that was offline) could never merge the blocks of
   * anyone else, and would never converge. What removal cuts is the removed peer's voice: its
   * announcements (the topic validator asks isTrustedPeer), its calls, and, once each peer has blocked
   * it, every connection. A block it writes after its removal may still arrive through a peer that
   * has not heard of the removal yet and merged it; every replica then accepts it alike, so they
   * converge, and the removed peer, learning of the record, stops writing.
   */
  // The consensus's logger: an operator reads removals among its lines, as before the split.
  private static final Logger log = LoggerFactory.getLogger(CrdtConsensus.class);

  private final PeerId self;
  private final String logId;
  private final boolean trustAll;
  private final Set<PeerId> trusted = ConcurrentHashMap.newKeySet();
  private final Set<PeerId> removed = ConcurrentHashMap.newKeySet();
  private final List<Consumer<PeerId>> removalListeners = new CopyOnWriteArrayList<>();
  private final Supplier<List<PeerId>> others;
  private final Predicate<PeerId> known;

  /**
   * The membership of {@code self}, trusting everyone when {@code trustAll}, else {@code
   * trustedPeers}; {@code removedAtStart} are the peers whose records the replica already holds.
   */
  Membership(
      PeerId self,
      boolean trustAll,
      Collection<String> trustedPeers,
      Collection<PeerId> removedAtStart,
      Supplier<List<PeerId>> others,
      Predicate<PeerId> known) {
    this.self = Objects.requireNonNull(self, "self");
    this.logId = self.shortString();
    this.trustAll = trustAll;
    if (!trustAll) {
      trustedPeers.forEach(p -> trusted.add(PeerId.parse(p)));
    }
    this.removed.addAll(removedAtStart);
    this.others = Objects.requireNonNull(others, "others");
    this.known = Objects.requireNonNull(known, "known");
  }

  /** Whether every peer is trusted ({@code "*"} in {@code trusted_peers}). */
  boolean trustAll() {
    return trustAll;
  }

  /** Whether blocks written by {@code author} are accepted: trust, removals aside (see above). */
  boolean mayAuthor(PeerId author) {
    return trustAll || self.equals(author) || trusted.contains(author);
  }

  /** Whether {@code peer} is trusted and was not removed: its announcements and calls count. */
  boolean isTrusted(PeerId peer) {
    return !removed.contains(peer) && mayAuthor(peer);
  }

  void trust(PeerId peer) {
    trusted.add(peer);
  }

  void distrust(PeerId peer) {
    trusted.remove(peer);
  }

  /**
   * Whether {@code peer} may be removed as a peer of this cluster: it is in the peerset, trusted by
   * name, or known.
   */
  boolean isKnown(PeerId peer) {
    return others.get().contains(peer) || trusted.contains(peer) || known.test(peer);
  }

  boolean isRemoved(PeerId peer) {
    return removed.contains(peer);
  }

  /** A copy of the removed peers. */
  Set<PeerId> removedPeers() {
    return Set.copyOf(removed);
  }

  /** This peer, then the others of the peerset that were not removed. */
  List<PeerId> peers() {
    List<PeerId> out = new ArrayList<>();
    out.add(self);
    others.get().stream().filter(p -> !p.equals(self) && !removed.contains(p)).forEach(out::add);
    return out;
  }

  void onRemoved(Consumer<PeerId> listener) {
    removalListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Records that {@code peer} was removed and, the first time, tells the listeners, on the calling
   * thread; a listener that fails is logged and the others still run.
   */
  void removed(PeerId peer) {
    if (!removed.add(peer)) {
      return;
    }
    log.warn(
        "{} peer {} has been removed from the cluster{}",
        logId,
        peer,
        peer.equals(self) ? ": this peer stops acting on the pinset" : "");
    for (Consumer<PeerId> l : removalListeners) {
      try {
        l.accept(peer);
      } catch (RuntimeException e) {
        log.error("{} a peer removal listener failed for {}", logId, peer, e);
      }
    }
  }
}

package io.ipfscluster.peer;

import io.ipfscluster.cluster.PeerCluster;
import io.ipfscluster.components.Block;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.monitor.PeerMonitor;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a CRDT peer does when a peer is removed from the cluster ({@code peers rm}, design §10), on
 * this peer or any other: the consensus's replicated removal record reaches every peer, and each
 * then forgets and ignores the removed peer's metrics, moves the pins allocated to it (those it is
 * closest to) and, after a grace period, blocks it on the peer network. The removed peer reads the
 * same record and shuts down, as a removed Raft peer does ({@link RaftMembership}); its folder
 * keeps the record, so that it refuses to start again ({@link PeerConsensus#open}) and the others
 * refuse it anyway.
 *
 * <p>The grace period lets the removed peer learn of its removal: it hears the new heads on gossip
 * and fetches the record's block like any other (block fetches are open to every peer of the
 * cluster), which it could not do once blocked. The consensus stops trusting it at once, so during
 * the grace its announcements and trusted calls are refused already; only its connections stay.
 *
 * <p>A removed peer that was offline until after the others blocked it cannot hear of its removal
 * on gossip: the others refuse its calls saying it was removed ({@link PeerNetwork#blockRemoved}),
 * and on such a refusal it fetches the block that holds the record from the refusing peer and
 * merges it like any block, which checks its signature and that its author is trusted; only a
 * verified record shuts it down. A refusal is followed up at most once per peer every {@link
 * #CLAIM_RETRY} (longer than a fetch may take).
 *
 * <p>Thread-safe; stateless once started.
 */
final class CrdtMembership {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  /** How long a peer that claimed this peer was removed is not asked again for the record. */
  static final Duration CLAIM_RETRY = Duration.ofSeconds(10);

  /** How long the refusing peer may take to send the record. */
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  private CrdtMembership() {}

  /**
   * Acts on every removal from now on, blocking the removed peer {@code blockAfter} later on {@code
   * timer}, and at once on those the replica already holds (a removal merged while the peer was
   * starting is handled twice, harmlessly). {@code shutdown} runs on a thread of its own when this
   * peer is the one removed.
   */
  static void watch(
      CrdtConsensus consensus,
      PeerNetwork network,
      PeerMonitor monitor,
      PeerCluster cluster,
      Runnable shutdown,
      ScheduledExecutorService timer,
      Duration blockAfter) {
    PeerId self = network.self();
    AtomicBoolean stopping = new AtomicBoolean();
    consensus.onPeerRemoved(
        peer -> {
          // The listener runs on the committing thread: the work, which closes connections (and,
          // for this peer, the consensus itself), runs on a thread of its own.
          if (peer.equals(self)) {
            if (stopping.compareAndSet(false, true)) {
              log.warn(
                  "{} this peer ({}) was removed from the cluster and cannot rejoin it: it shuts"
                      + " down",
                  self.shortString(),
                  self);
              Thread.ofPlatform().name(self.shortString() + "-removed").start(shutdown);
            }
          } else {
            Thread.ofVirtual()
                .name(self.shortString() + "-peer-removed")
                .start(() -> vacate(peer, monitor, cluster));
            try {
              timer.schedule(
                  () -> network.blockRemoved(peer), blockAfter.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
              // The peer is stopping: nothing to block.
            }
          }
        });
    for (PeerId peer : consensus.removedPeers()) {
      network.blockRemoved(peer);
      vacate(peer, monitor, cluster);
    }
    Map<PeerId, Long> asked = new ConcurrentHashMap<>();
    network.onRemovalClaim(
        peer -> {
          long now = System.nanoTime();
          Long before = asked.get(peer);
          boolean mine =
              before == null
                  ? asked.putIfAbsent(peer, now) == null
                  : now - before >= CLAIM_RETRY.toNanos() && asked.replace(peer, before, now);
          if (mine && !stopping.get()) {
            Thread.ofVirtual()
                .name(self.shortString() + "-removal-check")
                .start(() -> checkRemoval(peer, consensus, network));
          }
        });
  }

  /** Fetches from {@code peer} the record it says shows this peer's removal, and merges it. */
  private static void checkRemoval(PeerId peer, CrdtConsensus consensus, PeerNetwork network) {
    PeerId self = network.self();
    log.info(
        "{} peer {} refuses this peer as removed from the cluster: fetching the record",
        self.shortString(),
        peer);
    try {
      Block record = network.fetchRemovalRecord(peer, FETCH_TIMEOUT);
      // Verified (CID, signature, trusted author) and merged as any block; if it records this
      // peer's removal, the listener above shuts the peer down.
      consensus.receive(record.cid(), record.data());
    } catch (RuntimeException e) {
      log.warn(
          "{} peer {} refuses this peer as removed, but its record could not be used: {}",
          self.shortString(),
          peer,
          e.getMessage());
      return;
    }
    if (!consensus.isRemoved(self)) {
      log.warn(
          "{} peer {} refuses this peer as removed, but sent no record of it",
          self.shortString(),
          peer);
    }
  }

  private static void vacate(PeerId peer, PeerMonitor monitor, PeerCluster cluster) {
    monitor.ignore(peer);
    cluster.peerRemoved(peer);
  }
}

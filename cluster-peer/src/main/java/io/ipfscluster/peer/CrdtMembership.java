package io.ipfscluster.peer;

import io.ipfscluster.cluster.PeerCluster;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.monitor.PeerMonitor;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import java.time.Duration;
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
 * <p>Thread-safe; stateless once started.
 */
final class CrdtMembership {
  private static final Logger log = LoggerFactory.getLogger("cluster");

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
                  "{} this peer has been removed from the cluster and will shut down",
                  self.shortString());
              Thread.ofPlatform().name(self.shortString() + "-removed").start(shutdown);
            }
          } else {
            Thread.ofVirtual()
                .name(self.shortString() + "-peer-removed")
                .start(() -> vacate(peer, monitor, cluster));
            try {
              timer.schedule(
                  () -> network.block(peer), blockAfter.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
              // The peer is stopping: nothing to block.
            }
          }
        });
    for (PeerId peer : consensus.removedPeers()) {
      network.block(peer);
      vacate(peer, monitor, cluster);
    }
  }

  private static void vacate(PeerId peer, PeerMonitor monitor, PeerCluster cluster) {
    monitor.ignore(peer);
    cluster.peerRemoved(peer);
  }
}

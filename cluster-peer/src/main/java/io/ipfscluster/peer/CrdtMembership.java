package io.ipfscluster.peer;

import io.ipfscluster.cluster.PeerCluster;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.monitor.PeerMonitor;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a CRDT peer does when a peer is removed from the cluster ({@code peers rm}, design §10), on
 * this peer or any other: the consensus's replicated removal record reaches every peer, and each
 * then blocks the removed peer on the peer network, forgets and ignores its metrics, and moves the
 * pins allocated to it (those it is closest to). The removed peer reads the same record and shuts
 * down, as a removed Raft peer does ({@link RaftMembership}); its folder keeps the record, so that
 * it refuses to start again ({@link PeerConsensus#open}) and the others refuse it anyway.
 *
 * <p>Thread-safe; stateless once started.
 */
final class CrdtMembership {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  private CrdtMembership() {}

  /**
   * Acts on every removal from now on, and on those the replica already holds (a removal merged
   * while the peer was starting is handled twice, harmlessly). {@code shutdown} runs on a thread of
   * its own when this peer is the one removed.
   */
  static void watch(
      CrdtConsensus consensus,
      PeerNetwork network,
      PeerMonitor monitor,
      PeerCluster cluster,
      Runnable shutdown) {
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
                .start(() -> vacate(peer, network, monitor, cluster));
          }
        });
    for (PeerId peer : consensus.removedPeers()) {
      vacate(peer, network, monitor, cluster);
    }
  }

  private static void vacate(
      PeerId peer, PeerNetwork network, PeerMonitor monitor, PeerCluster cluster) {
    network.block(peer);
    monitor.ignore(peer);
    cluster.peerRemoved(peer);
  }
}

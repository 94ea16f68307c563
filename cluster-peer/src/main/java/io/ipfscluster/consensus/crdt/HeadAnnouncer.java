package io.ipfscluster.consensus.crdt;

/**
 * Sends {@link HeadAnnouncement}s to the other peers: the gossip side of the network sync ({@link
 * io.ipfscluster.consensus.crdt.sync.CrdtBroadcaster} implements it over the cluster's pub/sub
 * topic, signed by the peer, with rebroadcasts). {@link CrdtConsensus} calls it after every commit
 * that changed its heads.
 *
 * <p>Implementations are thread-safe and must not block: queue and return.
 */
@FunctionalInterface
public interface HeadAnnouncer {
  /** Announces nothing: a peer without network sync. */
  HeadAnnouncer NONE = announcement -> {};

  /** Queues {@code announcement} for sending. */
  void announce(HeadAnnouncement announcement);
}

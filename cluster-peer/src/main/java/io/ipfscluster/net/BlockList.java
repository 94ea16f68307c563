package io.ipfscluster.net;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.PeerId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers a {@link PeerNetwork} refuses to talk to. The network consults it everywhere traffic
 * starts: the TLS handshake of an incoming connection and every call served (so a connection opened
 * before the block is useless too), the addresses a dial may use, the addresses learnt from other
 * peers, and peers found on the local network. Gossip reaches a peer over its direct links only, so
 * a blocked peer neither hears nor is heard, except through messages relayed by a peer that does
 * not block it.
 *
 * <p>Thread-safe.
 */
final class BlockList {
  private final Set<PeerId> peers = ConcurrentHashMap.newKeySet();

  /** Adds {@code peer}; false if it was already blocked. */
  boolean add(PeerId peer) {
    return peers.add(peer);
  }

  /** Removes {@code peer}; false if it was not blocked. */
  boolean remove(PeerId peer) {
    return peers.remove(peer);
  }

  boolean contains(PeerId peer) {
    return peers.contains(peer);
  }

  /**
   * @throws ClusterException FAILED when {@code peer} is blocked
   */
  void check(PeerId peer) {
    if (peers.contains(peer)) {
      throw new ClusterException(
          ClusterException.Kind.FAILED, "peer " + peer + " is blocked by this peer");
    }
  }
}

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
 * <p>A peer blocked because it was removed from the cluster ({@link #addRemoved}) is refused the
 * same way but for two things: its handshakes succeed and it may fetch the record of its removal
 * (see {@link io.ipfscluster.net.rpc.RemovalRefusal}), so that a removed peer that was offline
 * while the others heard of its removal still learns it.
 *
 * <p>Thread-safe.
 */
final class BlockList {
  private final Set<PeerId> peers = ConcurrentHashMap.newKeySet();
  private final Set<PeerId> removed = ConcurrentHashMap.newKeySet();

  /** Adds {@code peer}; false if it was already blocked. */
  boolean add(PeerId peer) {
    return peers.add(peer);
  }

  /** Adds {@code peer}, removed from the cluster; false if it was already blocked. */
  boolean addRemoved(PeerId peer) {
    removed.add(peer);
    return peers.add(peer);
  }

  /** Removes {@code peer}; false if it was not blocked. */
  boolean remove(PeerId peer) {
    removed.remove(peer);
    return peers.remove(peer);
  }

  /** Whether {@code peer} is blocked as removed from the cluster ({@link #addRemoved}). */
  boolean isRemoved(PeerId peer) {
    return removed.contains(peer);
  }

  /** Whether the handshakes of {@code peer} fail: blocked, and not as a removed peer. */
  boolean refusesHandshake(PeerId peer) {
    return peers.contains(peer) && !removed.contains(peer);
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

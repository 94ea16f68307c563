package io.ipfscluster.consensus.raft;

import io.ipfscluster.multiformats.PeerId;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Raft endpoint of a peer listens, as {@code host:port}. The Raft group names its members
 * by peer ID (as the original); this tells the transport where to reach them.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface PeerAddresses {

  /** The {@code host:port} of {@code peer}'s Raft endpoint, if known. */
  Optional<String> raftAddress(PeerId peer);

  /** A fixed table of addresses. */
  static PeerAddresses of(Map<PeerId, String> addresses) {
    Map<PeerId, String> copy = Map.copyOf(addresses);
    return peer -> Optional.ofNullable(copy.get(peer));
  }
}

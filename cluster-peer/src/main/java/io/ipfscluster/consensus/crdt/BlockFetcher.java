package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.Optional;

/**
 * Fetches CRDT blocks from other peers by CID: the transfer side of the network sync (issue 6
 * implements it over the cluster RPC, served by {@link CrdtConsensus#block(Cid)} on the other
 * side). {@link CrdtConsensus#sync} verifies whatever it returns, so an implementation need not.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface BlockFetcher {
  /**
   * The bytes of block {@code cid}, asked of {@code source} first (the peer that announced it), or
   * empty if no peer could provide it within the implementation's timeout.
   */
  Optional<byte[]> fetch(Cid cid, PeerId source);
}

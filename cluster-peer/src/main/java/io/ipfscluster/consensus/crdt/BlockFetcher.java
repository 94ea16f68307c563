package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches CRDT blocks from other peers, by CID or by {@link DotRange}: the transfer side of the
 * network sync ({@code RpcBlockFetcher} implements it over the cluster RPC, served by {@link
 * CrdtConsensus#block(Cid)} and {@link CrdtConsensus#blocks(DotRange)} on the other side). {@link
 * CrdtConsensus#sync} verifies whatever it returns, so an implementation need not.
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

  /**
   * The bytes of the blocks of {@code cids} that could be fetched, asked of {@code source} first;
   * the blocks nobody provided are absent from the map. The default asks for one block after the
   * other; an implementation that can ask for many in one call should.
   */
  default Map<Cid, byte[]> fetchMany(List<Cid> cids, PeerId source) {
    Map<Cid, byte[]> out = new HashMap<>();
    for (Cid cid : cids) {
      fetch(cid, source).ifPresent(bytes -> out.put(cid, bytes));
    }
    return out;
  }

  /**
   * The blocks {@code source} has of {@code range}, in sequence order (ordered map); the default,
   * for fetchers that can only ask by CID, is none, and the sync then walks the DAG by CID.
   */
  default Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
    return Map.of();
  }
}

package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * Where the node asks for blocks it lacks, for example other cluster peers over the cluster's
 * network. The node verifies every block a source returns against its CID before storing it.
 *
 * <p>A pin may name who likely has its blocks ({@link Providers}): the node passes that hint with
 * every block of the pin it asks for, and a source may ask those first. Fetches made without a pin
 * (a block read, a pin over the node's HTTP API) carry {@link Providers#NONE}.
 *
 * <p>Implementations must be thread-safe: the node asks for several blocks at once.
 */
@FunctionalInterface
public interface BlockSource {

  /**
   * Fetches the block with this CID.
   *
   * @return its bytes, or {@code null} if this source cannot supply it now (the node asks again
   *     later, until its pin timeout passes)
   * @throws InterruptedException if the thread is interrupted while waiting; the node interrupts
   *     fetches it no longer needs
   */
  byte[] fetch(Cid cid) throws InterruptedException;

  /**
   * Fetches the block with this CID, a block of a pin whose likely holders are {@code providers}.
   * Same contract as {@link #fetch(Cid)}, which this calls unless the source uses the hint.
   */
  default byte[] fetch(Cid cid, Providers providers) throws InterruptedException {
    return fetch(cid);
  }

  /**
   * Who likely holds the blocks of a pin, best first: a hint, never a limit (a source may still ask
   * anyone else). Immutable.
   *
   * @param clusterPeers cluster peers, such as the pin's allocations
   * @param ipfsNodes IPFS nodes, such as those of the pin's {@code origins}
   */
  record Providers(List<PeerId> clusterPeers, List<PeerId> ipfsNodes) {
    /** No hint: the source asks in its own order. */
    public static final Providers NONE = new Providers(List.of(), List.of());

    public Providers {
      clusterPeers = List.copyOf(Objects.requireNonNull(clusterPeers, "clusterPeers"));
      ipfsNodes = List.copyOf(Objects.requireNonNull(ipfsNodes, "ipfsNodes"));
    }
  }

  /** A source that never has anything: the node pins only what it already stores. */
  static BlockSource none() {
    return NoBlockSource.INSTANCE;
  }

  /** Whether this is {@link #none()}, so messages can say the node has no source at all. */
  default boolean isNone() {
    return false;
  }
}

package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;

/**
 * Where the node asks for blocks it lacks, for example other cluster peers over the cluster's
 * network. The node verifies every block a source returns against its CID before storing it.
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

  /** A source that never has anything: the node pins only what it already stores. */
  static BlockSource none() {
    return NoBlockSource.INSTANCE;
  }

  /** Whether this is {@link #none()}, so messages can say the node has no source at all. */
  default boolean isNone() {
    return false;
  }
}

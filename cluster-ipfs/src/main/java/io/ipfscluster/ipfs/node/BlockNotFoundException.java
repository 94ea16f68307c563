package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;

/**
 * A block the operation needs is not in the blockstore, and the block source did not supply it
 * before the pin timeout (or the node has no block source). Carries the missing CID.
 *
 * <p>Immutable and thread-safe.
 */
public final class BlockNotFoundException extends NodeException {
  private static final long serialVersionUID = 1L;

  private final transient Cid cid;

  BlockNotFoundException(Cid cid, String message) {
    super(message, null);
    this.cid = cid;
  }

  /** The block that could not be found. */
  public Cid cid() {
    return cid;
  }
}

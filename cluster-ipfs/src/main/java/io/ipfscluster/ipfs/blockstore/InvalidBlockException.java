package io.ipfscluster.ipfs.blockstore;

/**
 * A block from outside was refused because its bytes do not hash to the multihash of its CID, or
 * because its hash function is one this node cannot compute, so it cannot be checked. Nothing was
 * written.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidBlockException extends BlockstoreException {
  private static final long serialVersionUID = 1L;

  public InvalidBlockException(String message) {
    super(message, null);
  }
}

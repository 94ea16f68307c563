package io.ipfscluster.consensus.crdt;

/**
 * Thrown when bytes offered as a CRDT block are not one: wrong CID, too large, not canonical,
 * malformed, badly signed, or signed by a peer that is not trusted. The message names the block's
 * CID and what is wrong with it; nothing of the block was merged.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidBlockException(String message) {
    super(message);
  }

  public InvalidBlockException(String message, Throwable cause) {
    super(message, cause);
  }
}

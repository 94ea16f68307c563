package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.multiformats.Cid;

/**
 * Thrown when encoded IPLD data is malformed: a truncated or corrupt dag-pb, dag-cbor or UnixFS
 * message, a CAR file that ends early, or a block whose bytes do not hash to its CID. The message
 * names the codec and the byte offset or the CID at fault; {@link #offset()} and {@link #cid()}
 * carry them for callers.
 *
 * <p>It is an {@link IllegalArgumentException}: the input, not the program, is wrong.
 */
public final class IpldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final transient Cid cid;

  /** A malformed input at byte {@code offset} (-1 when no offset applies). */
  public IpldException(String message, long offset) {
    this(message, offset, null, null);
  }

  /**
   * A malformed input at byte {@code offset}, concerning block {@code cid} (either may be unset).
   */
  public IpldException(String message, long offset, Cid cid, Throwable cause) {
    super(message, cause);
    this.offset = offset;
    this.cid = cid;
  }

  /** The byte offset in the input where the problem was found, or -1. */
  public long offset() {
    return offset;
  }

  /** The CID of the block at fault, or null. */
  public Cid cid() {
    return cid;
  }
}

package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import java.util.Objects;

/**
 * A signed CRDT block: its CID, its bytes as stored and transferred, and its decoded content.
 * Obtained from {@link BlockCodec#sign} (a block this peer writes) or {@link BlockCodec#decode} (a
 * block received, checked).
 *
 * <p>Immutable and thread-safe: the bytes are never modified and never handed out for writing;
 * {@link #bytes()} returns a copy.
 *
 * @param cid CIDv1, raw codec, sha2-256 of the bytes
 * @param bytes the canonical encoding, signature included
 * @param delta the decoded content
 */
public record DeltaBlock(Cid cid, byte[] bytes, Delta delta) {
  public DeltaBlock {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(delta, "delta");
  }

  /** A reference to this block, as parents, heads and announcements carry it. */
  public BlockRef ref() {
    return new BlockRef(cid, delta.dot(), delta.height());
  }

  /** The encoding, as a new array. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The encoding itself, for storing; callers must not modify it. */
  byte[] sharedBytes() {
    return bytes;
  }

  /** The block's CID and dot, for logs. */
  @Override
  public String toString() {
    return "block " + cid + " (" + delta.dot() + ", height " + delta.height() + ")";
  }
}

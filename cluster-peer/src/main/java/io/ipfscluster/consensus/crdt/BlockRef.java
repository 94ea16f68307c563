package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reference to a CRDT block: its CID, dot and height. Parents inside blocks, heads, pending
 * entries and head announcements all carry the dot and height along with the CID, so a replica can
 * tell whether it already covers a block (its dot is in the version vector) without fetching it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cid the block's CID (v1, raw, sha2-256)
 * @param dot the block's dot
 * @param height the block's height, at least 1
 */
public record BlockRef(Cid cid, Dot dot, long height) {
  public BlockRef {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(dot, "dot");
    if (height < 1) {
      throw new IllegalArgumentException("block height must be at least 1, got " + height);
    }
  }

  /** Encodes the dot and height (the datastore value of a head or pending entry). */
  byte[] dotAndHeight() {
    byte[] out = new byte[Dot.BYTES + 8];
    dot.writeTo(out, 0);
    ByteBuffer.wrap(out, Dot.BYTES, 8).putLong(height);
    return out;
  }

  /** Decodes what {@link #dotAndHeight()} wrote, for the block {@code cid}. */
  static BlockRef of(Cid cid, byte[] dotAndHeight) {
    return new BlockRef(
        cid, Dot.fromBytes(dotAndHeight, 0), ByteBuffer.wrap(dotAndHeight, Dot.BYTES, 8).getLong());
  }
}

package io.ipfscluster.components;

import io.ipfscluster.multiformats.Cid;
import java.util.Objects;

/**
 * A block of IPLD data and its CID. The data is not copied: callers hand over the array and must
 * not change it afterwards.
 *
 * @param cid the block's CID; its multihash is the hash of {@code data}
 * @param data the block's bytes
 */
public record Block(Cid cid, byte[] data) {
  public Block {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(data, "data");
  }

  /** Whether {@code data} hashes to the multihash of {@code cid}. */
  public boolean verify() {
    return cid.multihash().matches(data);
  }
}

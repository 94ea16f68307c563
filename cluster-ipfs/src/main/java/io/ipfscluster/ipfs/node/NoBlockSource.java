package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;

/** The {@link BlockSource} that has nothing. Stateless and thread-safe. */
enum NoBlockSource implements BlockSource {
  INSTANCE;

  @Override
  public byte[] fetch(Cid cid) {
    return null;
  }

  @Override
  public boolean isNone() {
    return true;
  }

  @Override
  public String toString() {
    return "no block source";
  }
}

package io.ipfscluster.cli;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;

/** Distinct CIDs for tests. */
final class TestCids {
  private TestCids() {}

  /** The raw-codec CIDv1 of the text of {@code i}. */
  static String rawCid(int i) {
    byte[] data = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data)).toString();
  }
}

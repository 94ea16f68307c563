package io.ipfscluster.cluster;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.util.Arrays;
import java.util.Collection;

/**
 * Which peer is closest to a CID, by the original's rule (spec §8.3): the XOR of the BLAKE2b-256
 * digests of the CID's bytes and of the peer ID's bytes, compared as unsigned big-endian numbers.
 * Every peer computes the same answer from the same peer list, so exactly one of them acts on a pin
 * (re-pinning away from a failed peer, for example) without talking to the others.
 *
 * <p>Immutable and thread-safe.
 */
final class Closeness {
  private Closeness() {}

  /**
   * Whether {@code self} is the closest to {@code cid} among itself and {@code peers} (duplicates
   * and {@code self} in {@code peers} are fine). Ties, which need equal digests, go to the smaller
   * peer ID.
   */
  static boolean isClosest(PeerId self, Cid cid, Collection<PeerId> peers) {
    byte[] target = digest(cid.toBytes());
    byte[] own = distance(target, self);
    for (PeerId p : peers) {
      if (p.equals(self)) {
        continue;
      }
      int c = Arrays.compareUnsigned(distance(target, p), own);
      if (c < 0 || (c == 0 && p.compareTo(self) < 0)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] distance(byte[] target, PeerId peer) {
    byte[] d = digest(peer.toBytes());
    for (int i = 0; i < d.length; i++) {
      d[i] ^= target[i];
    }
    return d;
  }

  private static byte[] digest(byte[] bytes) {
    return Multihash.compute(HashFunction.BLAKE2B_256, bytes).digest();
  }
}

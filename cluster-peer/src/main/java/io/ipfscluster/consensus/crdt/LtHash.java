package io.ipfscluster.consensus.crdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A homomorphic multiset hash (LtHash, Bellare–Micciancio; the lattice hash of Lewi et al.,
 * "Securing Update Propagation with Homomorphic Hashing", 2019): 1024 lanes of 16 bits, added lane
 * by lane modulo 2<sup>16</sup>. The hash of a set is the sum of the element vectors of its
 * members, so adding or removing one member costs one vector, whatever the set's size, and two
 * replicas holding the same set hold the same sum whatever the order of their updates.
 *
 * <p><b>Element vectors.</b> 2048 bytes expanded from SHA-256 in counter mode: {@code seed =
 * SHA-256(domain ‖ 0x00 ‖ (len32 ‖ part)*)}, then {@code block_i = SHA-256(seed ‖ i32)} for i =
 * 0…63, concatenated; lanes are little-endian. This is the counter-mode expansion of NIST SP
 * 800-108 and HKDF-Expand with SHA-256 as the pseudo-random function. Why not SHAKE: the JDK 21 we
 * support has no variable-length SHAKE through {@code MessageDigest} (JDK 25 adds only fixed-length
 * SHAKE128-256), and SHA-256 runs on CPU intrinsics here (≈4 µs per element).
 *
 * <p>The vector is 2048 bytes, far above the size at which generalized-birthday attacks on additive
 * hashes matter. {@link #fingerprint()} prints it as the SHA-256 of the vector.
 *
 * <p>Not thread-safe: a mutable accumulator owned by one writer.
 */
final class LtHash {
  static final int BYTES = 2048;
  private static final int LANES = BYTES / 2;

  private final byte[] lanes;

  /** The hash of the empty set. */
  LtHash() {
    this.lanes = new byte[BYTES];
  }

  private LtHash(byte[] lanes) {
    this.lanes = lanes;
  }

  /** The hash stored as {@code bytes} ({@link #toBytes()}), or of the empty set for null. */
  static LtHash fromBytes(byte[] bytes) {
    if (bytes == null) {
      return new LtHash();
    }
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("an LtHash is " + BYTES + " bytes, got " + bytes.length);
    }
    return new LtHash(bytes.clone());
  }

  /** The element vector of the member made of {@code parts}, under {@code domain}. */
  static byte[] element(String domain, byte[]... parts) {
    MessageDigest sha = sha256();
    sha.update(domain.getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) 0);
    ByteBuffer length = ByteBuffer.allocate(4);
    for (byte[] part : parts) {
      sha.update(length.clear().putInt(part.length).array());
      sha.update(part);
    }
    byte[] seed = sha.digest();
    byte[] out = new byte[BYTES];
    byte[] counter = new byte[4];
    try {
      for (int i = 0; i < BYTES / 32; i++) {
        counter[3] = (byte) i;
        counter[2] = (byte) (i >>> 8);
        sha.update(seed);
        sha.update(counter);
        sha.digest(out, i * 32, 32);
      }
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 into a 32-byte slot failed", e);
    }
    return out;
  }

  /** Adds the member whose element vector is {@code element}. */
  void add(byte[] element) {
    combine(element, 1);
  }

  /** Removes the member whose element vector is {@code element}. */
  void remove(byte[] element) {
    combine(element, -1);
  }

  /** Adds every lane of {@code other}. */
  void add(LtHash other) {
    combine(other.lanes, 1);
  }

  private void combine(byte[] element, int sign) {
    for (int i = 0; i < LANES; i++) {
      int a = (lanes[2 * i] & 0xFF) | (lanes[2 * i + 1] & 0xFF) << 8;
      int b = (element[2 * i] & 0xFF) | (element[2 * i + 1] & 0xFF) << 8;
      int sum = a + sign * b;
      lanes[2 * i] = (byte) sum;
      lanes[2 * i + 1] = (byte) (sum >>> 8);
    }
  }

  /** The 2048 bytes, as a new array. */
  byte[] toBytes() {
    return lanes.clone();
  }

  /** Whether this is the hash of the empty set. */
  boolean isEmpty() {
    for (byte b : lanes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex of the SHA-256 of the vector: what operators compare. */
  String fingerprint() {
    return HexFormat.of().formatHex(sha256().digest(lanes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LtHash other && Arrays.equals(lanes, other.lanes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lanes);
  }

  @Override
  public String toString() {
    return "LtHash[" + fingerprint() + "]";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

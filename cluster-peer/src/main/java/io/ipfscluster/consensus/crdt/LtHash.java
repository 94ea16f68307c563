package io.ipfscluster.consensus.crdt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A homomorphic multiset hash (LtHash, Bellare–Micciancio; the lattice hash of Lewi et al.,
 * "Securing Update Propagation with Homomorphic Hashing", 2019): 1024 lanes of 16 bits, added lane
 * by lane modulo 2<sup>16</sup>. The hash of a set is the sum of the element vectors of its
 * members, so adding or removing one member costs one vector, whatever the set's size, and two
 * replicas holding the same set hold the same sum whatever the order of their updates.
 *
 * <p><b>Element vectors.</b> 2048 bytes of AES-256-CTR keystream (zero IV) under the key {@code
 * SHA-256(domain ‖ 0x00 ‖ (len32 ‖ part)*)}; lanes are little-endian. SHA-256 binds the member to a
 * 256-bit seed, AES in counter mode expands the seed as a pseudo-random generator (the core of NIST
 * SP 800-90A CTR_DRBG). Why not SHAKE: the JDK 21 we support has no variable-length SHAKE through
 * {@code MessageDigest} (JDK 25 adds only fixed-length SHAKE128-256); and AES-CTR runs on AES-NI,
 * about 2 µs per vector here, where SHA-256 in counter mode took 13 µs, most of it in per-digest
 * overhead.
 *
 * <p>The vector is 2048 bytes, far above the size at which generalized-birthday attacks on additive
 * hashes matter. {@link #fingerprint()} prints it as the SHA-256 of the vector.
 *
 * <p>Not thread-safe: a mutable accumulator owned by one writer. {@link #element} is thread-safe.
 */
final class LtHash {
  static final int BYTES = 2048;

  /** The top bit of each 16-bit lane of a long: where carries and borrows would cross lanes. */
  private static final long HIGH_BITS = 0x8000_8000_8000_8000L;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] ZEROS = new byte[BYTES];
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);
  private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

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

  /**
   * The element vector of the member made of {@code parts}, under {@code domain}, as a new array.
   */
  static byte[] element(String domain, byte[]... parts) {
    return HASHERS.get().element(Hasher.domain(domain), parts).clone();
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

  /*
   * Four lanes per long (SWAR): the lanes are little-endian 16-bit words, so a little-endian long
   * holds four of them in order. Adding with the top bit of every lane cleared cannot carry into
   * the next lane; the top bit is then the carry in XOR both top bits, as a full adder's sum bit.
   * Subtracting from a minuend with every top bit set cannot borrow from the next lane; the top
   * bit is then fixed up the same way. Equal, lane by lane, to the sum modulo 2^16 (LtHashTest
   * compares both with a plain lane loop).
   */

  private void combine(byte[] element, int sign) {
    if (sign > 0) {
      for (int i = 0; i < BYTES; i += Long.BYTES) {
        long a = (long) LONGS.get(lanes, i);
        long b = (long) LONGS.get(element, i);
        LONGS.set(lanes, i, ((a & ~HIGH_BITS) + (b & ~HIGH_BITS)) ^ ((a ^ b) & HIGH_BITS));
      }
    } else {
      for (int i = 0; i < BYTES; i += Long.BYTES) {
        long a = (long) LONGS.get(lanes, i);
        long b = (long) LONGS.get(element, i);
        LONGS.set(lanes, i, ((a | HIGH_BITS) - (b & ~HIGH_BITS)) ^ ((a ^ ~b) & HIGH_BITS));
      }
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

  /**
   * Computes element vectors into one buffer that it reuses: the digest, the cipher and the vector
   * are made once, not per element. Not thread-safe: one per thread, or per single writer.
   */
  static final class Hasher {
    private final MessageDigest sha = sha256();
    private final Cipher aes = aesCtr();
    private final byte[] length = new byte[4];
    private final byte[] vector = new byte[BYTES];

    /** What {@link #element} takes as its domain: the name's bytes and a zero byte. */
    static byte[] domain(String name) {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /**
     * The element vector of the member made of {@code parts}, under {@code domain} (from {@link
     * #domain}). Returns this hasher's buffer: valid until its next call, not to be kept.
     */
    byte[] element(byte[] domain, byte[]... parts) {
      sha.reset();
      sha.update(domain);
      for (byte[] part : parts) {
        int n = part.length;
        length[0] = (byte) (n >>> 24);
        length[1] = (byte) (n >>> 16);
        length[2] = (byte) (n >>> 8);
        length[3] = (byte) n;
        sha.update(length);
        sha.update(part);
      }
      try {
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sha.digest(), "AES"), ZERO_IV);
        aes.doFinal(ZEROS, 0, BYTES, vector, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-256-CTR is unavailable", e);
      }
      return vector;
    }

    private static Cipher aesCtr() {
      try {
        return Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no AES/CTR", e);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

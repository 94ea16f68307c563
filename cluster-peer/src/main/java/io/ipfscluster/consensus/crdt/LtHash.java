package io.ipfscluster.consensus.crdt;

import java.nio.ByteBuffer;
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
  private static final int LANES = BYTES / 2;

  private static final byte[] ZEROS = new byte[BYTES];
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[16]);
  private static final ThreadLocal<Cipher> AES_CTR =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no AES/CTR", e);
            }
          });

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
    try {
      Cipher aes = AES_CTR.get();
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), ZERO_IV);
      return aes.doFinal(ZEROS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR is unavailable", e);
    }
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

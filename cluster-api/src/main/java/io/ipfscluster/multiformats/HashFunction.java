package io.ipfscluster.multiformats;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The hash functions this project computes, with their multicodec codes and names. Other codes
 * still parse into a {@link Multihash}; they just cannot be computed here.
 *
 * <p>Thread-safe: {@link #newHasher()} returns a fresh, unshared hasher each time.
 */
public enum HashFunction {
  IDENTITY(0x00, "identity", -1, null),
  SHA2_256(0x12, "sha2-256", 32, "SHA-256"),
  SHA2_512(0x13, "sha2-512", 64, "SHA-512"),
  SHA3_512(0x14, "sha3-512", 64, "SHA3-512"),
  SHA3_384(0x15, "sha3-384", 48, "SHA3-384"),
  SHA3_256(0x16, "sha3-256", 32, "SHA3-256"),
  SHA3_224(0x17, "sha3-224", 28, "SHA3-224"),
  BLAKE2B_256(0xb220, "blake2b-256", 32, null),
  BLAKE2B_512(0xb240, "blake2b-512", 64, null);

  private final int code;
  private final String specName;
  private final int digestLength;
  private final String jdkAlgorithm;

  HashFunction(int code, String specName, int digestLength, String jdkAlgorithm) {
    this.code = code;
    this.specName = specName;
    this.digestLength = digestLength;
    this.jdkAlgorithm = jdkAlgorithm;
  }

  /** The multicodec code, for example {@code 0x12}. */
  public int code() {
    return code;
  }

  /** The name in the multicodec table, for example {@code sha2-256}. */
  public String specName() {
    return specName;
  }

  /** The digest length in bytes, or -1 for identity (as long as the input). */
  public int digestLength() {
    return digestLength;
  }

  /** Returns the function with this code, if it is one of ours. */
  public static Optional<HashFunction> ofCode(long code) {
    for (HashFunction f : values()) {
      if (f.code == code) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Returns the function named {@code name} (for example {@code sha2-256}). */
  public static HashFunction ofName(String name) {
    for (HashFunction f : values()) {
      if (f.specName.equals(name)) {
        return f;
      }
    }
    throw new MultiformatException("unknown hash function " + MultiformatException.quote(name));
  }

  /** Returns a new incremental hasher; not for identity, which has nothing to compute. */
  public MessageDigest newHasher() {
    if (this == IDENTITY) {
      throw new IllegalStateException("the identity hash has no hasher");
    }
    if (jdkAlgorithm == null) {
      return new Blake2b(digestLength);
    }
    try {
      return MessageDigest.getInstance(jdkAlgorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdkAlgorithm, e);
    }
  }

  /** Hashes {@code data} and returns the digest. */
  public byte[] digest(byte[] data) {
    return this == IDENTITY ? data.clone() : newHasher().digest(data);
  }
}

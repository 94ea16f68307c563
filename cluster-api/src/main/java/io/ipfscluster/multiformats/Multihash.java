package io.ipfscluster.multiformats;

import java.util.Arrays;
import java.util.Optional;

/**
 * A self-describing hash: {@code varint(code) varint(length) digest}. Codes this project cannot
 * compute still parse and round-trip unchanged.
 *
 * <p>Immutable and thread-safe. Equality is by the encoded bytes.
 */
public final class Multihash implements Comparable<Multihash> {
  private final byte[] bytes;
  private final long code;
  private final int digestOffset;

  private Multihash(byte[] bytes, long code, int digestOffset) {
    this.bytes = bytes;
    this.code = code;
    this.digestOffset = digestOffset;
  }

  /**
   * Builds a multihash from a function code and a digest, which may be a truncated one.
   *
   * @throws MultiformatException if the digest is longer than the function's
   */
  public static Multihash of(long code, byte[] digest) {
    HashFunction.ofCode(code).ifPresent(f -> checkDigestLength(f, digest.length));
    byte[] out = new byte[Varint.size(code) + Varint.size(digest.length) + digest.length];
    int pos = Varint.write(code, out, 0);
    pos = Varint.write(digest.length, out, pos);
    System.arraycopy(digest, 0, out, pos, digest.length);
    return new Multihash(out, code, pos);
  }

  /** Builds a multihash from a known function and a digest. */
  public static Multihash of(HashFunction function, byte[] digest) {
    return of(function.code(), digest);
  }

  /** Hashes {@code data} with {@code function}. */
  public static Multihash compute(HashFunction function, byte[] data) {
    return of(function.code(), function.digest(data));
  }

  /**
   * Decodes a multihash that fills {@code bytes} exactly.
   *
   * @throws MultiformatException naming the bytes if they are not one whole multihash
   */
  public static Multihash fromBytes(byte[] bytes) {
    try {
      Multihash mh = decode(bytes, 0);
      if (mh.bytes.length != bytes.length) {
        throw new MultiformatException(
            (bytes.length - mh.bytes.length) + " trailing bytes after the multihash");
      }
      return mh;
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multihash " + MultiformatException.hex(bytes) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the multihash that starts at {@code offset}; its length is {@link #length()}.
   *
   * @throws MultiformatException if no whole multihash starts there
   */
  public static Multihash read(byte[] in, int offset) {
    try {
      return decode(in, offset);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multihash at byte "
              + offset
              + " of "
              + MultiformatException.hex(in)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Decodes the multihash at {@code offset}; messages say what is wrong, not where. */
  static Multihash decode(byte[] in, int offset) {
    long code = Varint.read(in, offset);
    int pos = offset + Varint.size(code);
    long length = Varint.read(in, pos);
    pos += Varint.size(length);
    if (length > in.length - pos) {
      throw new MultiformatException(
          "digest length " + length + " is longer than the " + (in.length - pos) + " bytes left");
    }
    HashFunction.ofCode(code).ifPresent(f -> checkDigestLength(f, length));
    byte[] copy = Arrays.copyOfRange(in, offset, pos + (int) length);
    return new Multihash(copy, code, pos - offset);
  }

  /**
   * Parses the base58btc text form ({@code Qm…}).
   *
   * @throws MultiformatException naming the text if it is not a base58btc multihash
   */
  public static Multihash parse(String base58) {
    try {
      if (base58.isEmpty()) {
        throw new MultiformatException("empty string");
      }
      byte[] bytes = BaseX.BASE58_BTC.decode(base58);
      Multihash mh = decode(bytes, 0);
      if (mh.bytes.length != bytes.length) {
        throw new MultiformatException(
            (bytes.length - mh.bytes.length) + " trailing bytes after the multihash");
      }
      return mh;
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multihash " + MultiformatException.quote(base58) + ": " + e.getMessage(), e);
    }
  }

  /** Truncated digests are allowed (the spec's test cases have them); longer ones are not. */
  private static void checkDigestLength(HashFunction f, long length) {
    if (f.digestLength() > 0 && length > f.digestLength()) {
      throw new MultiformatException(
          f.specName() + " digests are " + f.digestLength() + " bytes, got " + length);
    }
  }

  /** The hash function code. */
  public long code() {
    return code;
  }

  /** The hash function, when it is one this project knows. */
  public Optional<HashFunction> function() {
    return HashFunction.ofCode(code);
  }

  /** A copy of the digest. */
  public byte[] digest() {
    return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
  }

  /** The digest length in bytes. */
  public int digestLength() {
    return bytes.length - digestOffset;
  }

  /** A copy of the encoded multihash. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The length of the encoded multihash in bytes. */
  public int length() {
    return bytes.length;
  }

  /** Copies the encoded multihash into {@code out} at {@code offset}; returns the offset after. */
  public int writeTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, bytes.length);
    return offset + bytes.length;
  }

  /**
   * Whether {@code data} hashes to this multihash (to its first bytes, for a truncated digest).
   * False for functions not known here.
   */
  public boolean matches(byte[] data) {
    Optional<HashFunction> f = function();
    if (f.isEmpty()) {
      return false;
    }
    byte[] full = f.get().digest(data);
    int n = digestLength();
    boolean fits = f.get() == HashFunction.IDENTITY ? full.length == n : full.length >= n;
    return fits && Arrays.equals(bytes, digestOffset, bytes.length, full, 0, n);
  }

  /** The base58btc text form. */
  @Override
  public String toString() {
    return BaseX.BASE58_BTC.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Multihash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}

package io.ipfscluster.multiformats;

import java.util.Arrays;

/**
 * A content identifier, version 0 ({@code Qm…}: a bare sha2-256 multihash of dag-pb data) or 1
 * ({@code varint(1) varint(codec) multihash}, written in a multibase, base32 by default).
 *
 * <p>Immutable and thread-safe. Equality is by the binary form, so a CIDv0 and the CIDv1 of the
 * same content are different CIDs, as in the original.
 */
public final class Cid implements Comparable<Cid> {
  private final int version;
  private final long codec;
  private final Multihash multihash;
  private final byte[] bytes;
  private String text; // benign race: computed at most a few times, always to the same value

  private Cid(int version, long codec, Multihash multihash, byte[] bytes) {
    this.version = version;
    this.codec = codec;
    this.multihash = multihash;
    this.bytes = bytes;
  }

  /**
   * A CIDv0 for a sha2-256 multihash of dag-pb data.
   *
   * @throws MultiformatException if the multihash is not a full sha2-256 one
   */
  public static Cid v0(Multihash multihash) {
    if (multihash.code() != HashFunction.SHA2_256.code() || multihash.digestLength() != 32) {
      throw new MultiformatException(
          "a CIDv0 needs a 32-byte sha2-256 multihash, got " + multihash);
    }
    return new Cid(0, Multicodec.DAG_PB.code(), multihash, multihash.toBytes());
  }

  /** A CIDv1 with the given codec code. */
  public static Cid v1(long codec, Multihash multihash) {
    byte[] out = new byte[1 + Varint.size(codec) + multihash.length()];
    int pos = Varint.write(1, out, 0);
    pos = Varint.write(codec, out, pos);
    multihash.writeTo(out, pos);
    return new Cid(1, codec, multihash, out);
  }

  /** A CIDv1 with a named codec. */
  public static Cid v1(Multicodec codec, Multihash multihash) {
    return v1(codec.code(), multihash);
  }

  /**
   * Parses the text form: a 46-character {@code Qm…} CIDv0, or a multibase CIDv1.
   *
   * @throws MultiformatException naming the text if it is not a CID
   */
  public static Cid parse(String text) {
    try {
      if (text == null || text.isEmpty()) {
        throw new MultiformatException("empty string");
      }
      if (text.startsWith("Qm")) {
        if (text.length() != 46) {
          throw new MultiformatException("a CIDv0 is 46 characters long, got " + text.length());
        }
        Cid cid = decodeExactly(BaseX.BASE58_BTC.decode(text));
        cid.text = text; // base58btc has one spelling per value, so this is the canonical form
        return cid;
      }
      byte[] bytes = Multibase.decodeUnquoted(text);
      if (bytes.length > 0 && bytes[0] == 0x12) {
        // The CID spec: CIDv0 is never multibase-encoded, and 0x12 is no CID version.
        throw new MultiformatException("a multibase string holding a CIDv0");
      }
      return decodeExactly(bytes);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid CID " + MultiformatException.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the binary form, which must fill {@code bytes} exactly.
   *
   * @throws MultiformatException naming the bytes if they are not one whole CID
   */
  public static Cid fromBytes(byte[] bytes) {
    try {
      return decodeExactly(bytes);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid CID " + MultiformatException.hex(bytes) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the CID that starts at {@code offset}; its length is {@link #length()}.
   *
   * @throws MultiformatException if no whole CID starts there
   */
  public static Cid read(byte[] in, int offset) {
    try {
      return decode(in, offset);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid CID at byte "
              + offset
              + " of "
              + MultiformatException.hex(in)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Cid decodeExactly(byte[] bytes) {
    Cid cid = decode(bytes, 0);
    if (cid.bytes.length != bytes.length) {
      throw new MultiformatException(
          (bytes.length - cid.bytes.length) + " trailing bytes after the CID");
    }
    return cid;
  }

  /** The decoding algorithm of the CID spec; messages say what is wrong, not where. */
  private static Cid decode(byte[] in, int offset) {
    if (in.length - offset >= 2 && in[offset] == 0x12 && in[offset + 1] == 0x20) {
      Multihash mh = Multihash.decode(in, offset);
      return new Cid(0, Multicodec.DAG_PB.code(), mh, mh.toBytes());
    }
    long version = Varint.read(in, offset);
    if (version != 1) {
      throw new MultiformatException(
          version == 2 || version == 3
              ? "CID version " + version + " is reserved"
              : "unknown CID version " + version);
    }
    int pos = offset + 1;
    long codec = Varint.read(in, pos);
    pos += Varint.size(codec);
    Multihash mh = Multihash.decode(in, pos);
    pos += mh.length();
    return new Cid(1, codec, mh, Arrays.copyOfRange(in, offset, pos));
  }

  /** 0 or 1. */
  public int version() {
    return version;
  }

  /** The content codec code, for example {@code 0x70} for dag-pb. */
  public long codec() {
    return codec;
  }

  /** The multihash of the content. */
  public Multihash multihash() {
    return multihash;
  }

  /** A copy of the binary form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The length of the binary form. */
  public int length() {
    return bytes.length;
  }

  /** Copies the binary form into {@code out} at {@code offset}; returns the offset after it. */
  public int writeTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, bytes.length);
    return offset + bytes.length;
  }

  /** The same content as a CIDv1 (itself when it already is one). */
  public Cid toV1() {
    return version == 1 ? this : v1(codec, multihash);
  }

  /** The text form: base58btc for CIDv0, base32 for CIDv1, as the original prints them. */
  @Override
  public String toString() {
    String s = text;
    if (s == null) {
      s = version == 0 ? BaseX.BASE58_BTC.encode(bytes) : Multibase.BASE32.encode(bytes);
      text = s;
    }
    return s;
  }

  /**
   * The text form in {@code base}. A CIDv0 has only its base58btc form; convert it with {@link
   * #toV1()} for others.
   */
  public String toString(Multibase base) {
    if (version == 0) {
      if (base != Multibase.BASE58_BTC) {
        throw new IllegalArgumentException(
            "a CIDv0 is written only in base58btc; use toV1() for " + base.specName());
      }
      return toString();
    }
    return base.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Cid o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}

package io.ipfscluster.multiformats;

import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer ID: the multihash of the peer's public key in its libp2p protobuf form (identity
 * multihash when that form is at most 42 bytes, as for Ed25519, else sha2-256).
 *
 * <p>Text forms: base58btc of the multihash ({@code 12D3KooW…} for Ed25519, {@code Qm…} for RSA),
 * which {@link #toString()} writes, and a CIDv1 with the libp2p-key codec in any multibase ({@code
 * bafzaa…}, {@code k51…}), which {@link #parse} also accepts.
 *
 * <p>Immutable and thread-safe. Equality is by the multihash.
 */
public final class PeerId implements Comparable<PeerId> {
  private static final int MAX_INLINE_KEY_LENGTH = 42;
  private static final byte[] ED25519_KEY_PREFIX = {0x08, 0x01, 0x12, 0x20};

  private final Multihash multihash;
  private String text; // benign race

  private PeerId(Multihash multihash) {
    if (multihash.code() != HashFunction.IDENTITY.code()
        && multihash.code() != HashFunction.SHA2_256.code()) {
      throw new MultiformatException(
          "a peer ID is an identity or sha2-256 multihash, got code 0x"
              + Long.toHexString(multihash.code()));
    }
    if (multihash.code() == HashFunction.SHA2_256.code() && multihash.digestLength() != 32) {
      throw new MultiformatException(
          "a sha2-256 peer ID has a 32-byte digest, got " + multihash.digestLength());
    }
    this.multihash = multihash;
  }

  /** The peer ID of a 32-byte raw Ed25519 public key. */
  public static PeerId fromEd25519PublicKey(byte[] rawKey) {
    if (rawKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + rawKey.length);
    }
    byte[] proto = Arrays.copyOf(ED25519_KEY_PREFIX, 36);
    System.arraycopy(rawKey, 0, proto, 4, 32);
    return fromPublicKeyProtobuf(proto);
  }

  /** The peer ID of a public key in its libp2p protobuf encoding. */
  public static PeerId fromPublicKeyProtobuf(byte[] publicKey) {
    return publicKey.length <= MAX_INLINE_KEY_LENGTH
        ? new PeerId(Multihash.of(HashFunction.IDENTITY, publicKey))
        : new PeerId(Multihash.compute(HashFunction.SHA2_256, publicKey));
  }

  /**
   * The peer ID whose multihash is {@code multihash}.
   *
   * @throws MultiformatException if it is neither identity nor a 32-byte sha2-256 multihash
   */
  public static PeerId of(Multihash multihash) {
    return new PeerId(multihash);
  }

  /**
   * Decodes the binary form (the multihash bytes).
   *
   * @throws MultiformatException naming the bytes if they are not a peer ID's multihash
   */
  public static PeerId fromBytes(byte[] bytes) {
    try {
      return new PeerId(Multihash.fromBytes(bytes));
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid peer ID " + MultiformatException.hex(bytes) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code 12D3KooW…}, {@code Qm…}, {@code 16Uiu2…}, or a CIDv1 with codec libp2p-key, as
   * the peer-id spec's decoding rules say.
   *
   * @throws MultiformatException naming the text if it is not a peer ID
   */
  public static PeerId parse(String text) {
    try {
      if (text == null || text.isEmpty()) {
        throw new MultiformatException("empty string");
      }
      PeerId id;
      if (text.startsWith("Qm") || text.startsWith("1")) {
        id = new PeerId(Multihash.parse(text));
        id.text = text;
      } else {
        Cid cid = Cid.parse(text);
        if (cid.codec() != Multicodec.LIBP2P_KEY.code()) {
          throw new MultiformatException(
              "a CID names a peer only with codec libp2p-key, this one has "
                  + Multicodec.ofCode(cid.codec())
                      .map(Multicodec::specName)
                      .orElse("0x" + Long.toHexString(cid.codec())));
        }
        id = new PeerId(cid.multihash());
      }
      return id;
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid peer ID " + MultiformatException.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /** The multihash of the public key. */
  public Multihash multihash() {
    return multihash;
  }

  /** The binary form (the multihash bytes). */
  public byte[] toBytes() {
    return multihash.toBytes();
  }

  /** The CIDv1 form (codec libp2p-key). */
  public Cid toCid() {
    return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
  }

  /**
   * The public key in its libp2p protobuf form, when the ID inlines it (identity multihash), as
   * Ed25519 IDs do.
   */
  public Optional<byte[]> inlinedPublicKey() {
    return multihash.code() == HashFunction.IDENTITY.code()
        ? Optional.of(multihash.digest())
        : Optional.empty();
  }

  /** The raw 32-byte Ed25519 public key, when this is the ID of one. */
  public Optional<byte[]> ed25519PublicKey() {
    return inlinedPublicKey()
        .filter(
            k ->
                k.length == 36
                    && Arrays.equals(k, 0, 4, ED25519_KEY_PREFIX, 0, ED25519_KEY_PREFIX.length))
        .map(k -> Arrays.copyOfRange(k, 4, 36));
  }

  /** The base58btc text form, as libp2p prints peer IDs. */
  @Override
  public String toString() {
    String s = text;
    if (s == null) {
      s = multihash.toString();
      text = s;
    }
    return s;
  }

  /** The last six characters, used as the short peer ID at the start of log lines. */
  public String shortString() {
    String s = toString();
    return s.length() <= 6 ? s : s.substring(s.length() - 6);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && multihash.equals(other.multihash);
  }

  @Override
  public int hashCode() {
    return multihash.hashCode();
  }

  @Override
  public int compareTo(PeerId o) {
    return toString().compareTo(o.toString());
  }
}

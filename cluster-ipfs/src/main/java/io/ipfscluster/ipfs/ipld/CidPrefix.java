package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * How to make a CID from block bytes: CID version, content codec and hash function (go-cid's {@code
 * Prefix}).
 *
 * <p>Immutable and thread-safe. {@link #sum(byte[])} allocates a hasher per call; callers hashing
 * many blocks on one thread can pass their own to {@link #sum(MessageDigest, byte[], int, int)}.
 *
 * @param version 0 or 1; version 0 requires dag-pb and sha2-256
 * @param codec the multicodec of the content
 * @param hash the hash function; not identity
 */
public record CidPrefix(int version, long codec, HashFunction hash) {

  /** CIDv0: dag-pb, sha2-256 (kubo's default for imports). */
  public static final CidPrefix V0 =
      new CidPrefix(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256);

  public CidPrefix {
    Objects.requireNonNull(hash, "hash");
    if (version != 0 && version != 1) {
      throw new IllegalArgumentException("CID version must be 0 or 1, got " + version);
    }
    if (version == 0 && (codec != Multicodec.DAG_PB.code() || hash != HashFunction.SHA2_256)) {
      throw new IllegalArgumentException(
          "CIDv0 only supports dag-pb and sha2-256, got codec 0x"
              + Long.toHexString(codec)
              + " and "
              + hash.specName());
    }
    if (hash == HashFunction.IDENTITY) {
      throw new IllegalArgumentException("the identity hash is not supported here");
    }
  }

  /** A CIDv1 prefix. */
  public static CidPrefix v1(Multicodec codec, HashFunction hash) {
    return new CidPrefix(1, codec.code(), hash);
  }

  /**
   * The prefix for another codec. As in go-cid, a CIDv0 prefix asked for a codec other than dag-pb
   * becomes CIDv1 with sha2-256: that is how kubo makes raw leaves under CIDv0.
   */
  public CidPrefix withCodec(Multicodec other) {
    if (other.code() == codec) {
      return this;
    }
    return version == 0 ? v1(other, HashFunction.SHA2_256) : new CidPrefix(1, other.code(), hash);
  }

  /** The CID of {@code data}. */
  public Cid sum(byte[] data) {
    return sum(hash.newHasher(), data, 0, data.length);
  }

  /** The CID of {@code data[offset, offset+length)}, hashed with {@code hasher} (reset first). */
  public Cid sum(MessageDigest hasher, byte[] data, int offset, int length) {
    hasher.reset();
    hasher.update(data, offset, length);
    Multihash mh = Multihash.of(hash, hasher.digest());
    return version == 0 ? Cid.v0(mh) : Cid.v1(codec, mh);
  }

  /** A block of {@code data} with its CID. The array is not copied. */
  public Block block(byte[] data) {
    return new Block(sum(data), data);
  }
}

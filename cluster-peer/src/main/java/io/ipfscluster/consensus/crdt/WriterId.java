package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who wrote a CRDT block: the first 16 bytes of SHA-256 over the author's peer ID and the
 * <em>incarnation</em> of its replica, a random value drawn for every fresh datastore. A peer whose
 * datastore is wiped (or whose state is imported) writes under a new writer ID, so it never reuses
 * a sequence number that other peers have already seen.
 *
 * <p>Ordered as 16 unsigned bytes. Immutable and thread-safe.
 *
 * @param hi the first 8 bytes, big-endian
 * @param lo the last 8 bytes, big-endian
 */
public record WriterId(long hi, long lo) implements Comparable<WriterId> {
  /** The length of a writer ID in bytes. */
  public static final int BYTES = 16;

  /** The length of an incarnation in bytes. */
  public static final int INCARNATION_BYTES = 16;

  private static final byte[] DOMAIN =
      "ipfs-cluster/crdt/writer/v1\0".getBytes(StandardCharsets.US_ASCII);

  /** The writer ID of {@code author} writing with the replica incarnation {@code incarnation}. */
  public static WriterId of(PeerId author, byte[] incarnation) {
    if (incarnation.length != INCARNATION_BYTES) {
      throw new IllegalArgumentException(
          "an incarnation is " + INCARNATION_BYTES + " bytes, got " + incarnation.length);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      byte[] id = author.toBytes();
      sha.update(ByteBuffer.allocate(4).putInt(id.length).array());
      sha.update(id);
      sha.update(incarnation);
      return fromBytes(sha.digest(), 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Reads 16 bytes at {@code offset}. */
  public static WriterId fromBytes(byte[] bytes, int offset) {
    if (bytes.length - offset < BYTES) {
      throw new IllegalArgumentException(
          "a writer ID is " + BYTES + " bytes, got " + (bytes.length - offset));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, BYTES);
    return new WriterId(b.getLong(), b.getLong());
  }

  /** The 16 bytes, as a new array. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(hi).putLong(lo).array();
  }

  /** Writes the 16 bytes at {@code offset} of {@code out}. */
  void writeTo(byte[] out, int offset) {
    ByteBuffer.wrap(out, offset, BYTES).putLong(hi).putLong(lo);
  }

  @Override
  public int compareTo(WriterId o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  /** Lower-case hex of the 16 bytes. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(toBytes());
  }
}

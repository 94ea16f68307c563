package io.ipfscluster.consensus.crdt;

import java.nio.ByteBuffer;

/**
 * The name of one CRDT block: its writer and the writer's sequence number (1, 2, …). An element of
 * the pinset is named by its key and the dot of the block that added it, forever.
 *
 * <p>Ordered by writer, then sequence number; the 24-byte encoding (writer, then the sequence
 * number big-endian) sorts the same way, so datastore keys built from it do too. Immutable and
 * thread-safe.
 *
 * @param writer who wrote the block
 * @param seq the writer's sequence number, at least 1
 */
public record Dot(WriterId writer, long seq) implements Comparable<Dot> {
  /** The length of the encoding in bytes. */
  public static final int BYTES = WriterId.BYTES + 8;

  public Dot {
    if (writer == null) {
      throw new IllegalArgumentException("dot writer is null");
    }
    if (seq < 1) {
      throw new IllegalArgumentException("dot seq must be at least 1, got " + seq);
    }
  }

  /** Reads 24 bytes at {@code offset}. */
  public static Dot fromBytes(byte[] bytes, int offset) {
    return new Dot(
        WriterId.fromBytes(bytes, offset),
        ByteBuffer.wrap(bytes, offset + WriterId.BYTES, 8).getLong());
  }

  /** The 24 bytes, as a new array. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    writeTo(out, 0);
    return out;
  }

  /** Writes the 24 bytes at {@code offset} of {@code out}. */
  void writeTo(byte[] out, int offset) {
    writer.writeTo(out, offset);
    ByteBuffer.wrap(out, offset + WriterId.BYTES, 8).putLong(seq);
  }

  @Override
  public int compareTo(Dot o) {
    int c = writer.compareTo(o.writer);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }

  /** {@code writer:seq}, for logs. */
  @Override
  public String toString() {
    return writer + ":" + seq;
  }
}

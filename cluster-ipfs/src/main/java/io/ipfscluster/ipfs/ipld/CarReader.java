package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.MultiformatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a CAR file (content-addressed archive) as a stream: the roots first, then one verified
 * block per {@link #next()} call. Memory holds one block at a time.
 *
 * <p>Version 1 is read directly. Version 2 (the 11-byte pragma, a 40-byte header, then a CARv1
 * payload and an optional index) is read by skipping to the payload and reading it as version 1;
 * the index is ignored.
 *
 * <p>Every block's bytes are hashed and compared with its CID before {@link #next()} returns it. A
 * truncated file, a malformed header or section, a hash mismatch, or a hash function this project
 * cannot compute throw {@link IpldException} naming the byte offset of the section and, once known,
 * the CID.
 *
 * <p>Not thread-safe. Closing the reader closes the stream.
 */
public final class CarReader implements Closeable {
  /**
   * The largest header or section accepted (as go-car), so a corrupt length cannot exhaust memory.
   */
  public static final int MAX_SECTION_BYTES = 32 << 20;

  private static final int V2_HEADER_BYTES = 40;
  private static final int V2_PRAGMA_BYTES = 11;

  private final CountingInput in;
  private final int version;
  private final List<Cid> roots;
  private final long payloadEnd;
  private long blocks;

  private CarReader(CountingInput in, int version, List<Cid> roots, long payloadEnd) {
    this.in = in;
    this.version = version;
    this.roots = roots;
    this.payloadEnd = payloadEnd;
  }

  /**
   * Reads the header(s) of a CAR file.
   *
   * @throws IpldException if the header is malformed or the version is neither 1 nor 2
   * @throws IOException if reading fails
   */
  public static CarReader open(InputStream stream) throws IOException {
    CountingInput in = new CountingInput(stream);
    Map<String, Object> header = readHeader(in);
    Object version = header.get("version");
    if (Long.valueOf(2).equals(version)) {
      if (header.size() != 1 || in.count != V2_PRAGMA_BYTES) {
        throw new IpldException("CAR: malformed CARv2 pragma", 0);
      }
      byte[] h = in.readExactly(V2_HEADER_BYTES, "CARv2 header");
      long dataOffset = le64(h, 16);
      long dataSize = le64(h, 24);
      long headerEnd = V2_PRAGMA_BYTES + V2_HEADER_BYTES;
      if (dataOffset < headerEnd || dataSize < 0 || dataOffset + dataSize < dataOffset) {
        throw new IpldException(
            "CAR: CARv2 data offset " + dataOffset + " or size " + dataSize + " is invalid",
            V2_PRAGMA_BYTES);
      }
      in.skipExactly(dataOffset - headerEnd);
      long end = dataOffset + dataSize;
      Map<String, Object> inner = readHeader(in);
      if (!Long.valueOf(1).equals(inner.get("version"))) {
        throw new IpldException(
            "CAR: the CARv2 payload is not CARv1 (version " + inner.get("version") + ")",
            dataOffset);
      }
      return new CarReader(in, 2, roots(inner, dataOffset), end);
    }
    if (!Long.valueOf(1).equals(version)) {
      throw new IpldException("CAR: unsupported version " + version, 0);
    }
    return new CarReader(in, 1, roots(header, 0), Long.MAX_VALUE);
  }

  private static Map<String, Object> readHeader(CountingInput in) throws IOException {
    long at = in.count;
    long length = in.readUvarint("header length");
    if (length == -1) {
      throw new IpldException("CAR: empty input, no header", at);
    }
    if (length == 0 || length > MAX_SECTION_BYTES) {
      throw new IpldException("CAR: invalid header length " + length + " at byte " + at, at);
    }
    byte[] bytes = in.readExactly((int) length, "header");
    Object decoded;
    try {
      decoded = DagCbor.decode(bytes);
    } catch (IpldException e) {
      throw new IpldException(
          "CAR: malformed header at byte " + at + ": " + e.getMessage(), at, null, e);
    }
    if (!(decoded instanceof Map<?, ?> map)) {
      throw new IpldException("CAR: the header at byte " + at + " is not a map", at);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> header = (Map<String, Object>) map;
    return header;
  }

  private static List<Cid> roots(Map<String, Object> header, long at) {
    if (!(header.get("roots") instanceof List<?> list)) {
      throw new IpldException("CAR: the header at byte " + at + " has no roots list", at);
    }
    List<Cid> roots = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Cid cid)) {
        throw new IpldException("CAR: a root in the header at byte " + at + " is not a CID", at);
      }
      roots.add(cid);
    }
    return List.copyOf(roots);
  }

  /** 1 or 2. */
  public int version() {
    return version;
  }

  /** The roots named in the (inner CARv1) header. */
  public List<Cid> roots() {
    return roots;
  }

  /** Bytes read so far from the start of the file. */
  public long offset() {
    return in.count;
  }

  /** The number of blocks returned so far. */
  public long blockCount() {
    return blocks;
  }

  /**
   * The next block, verified against its CID, or null after the last one.
   *
   * @throws IpldException if the section is truncated or malformed, or the block does not match its
   *     CID
   * @throws IOException if reading fails
   */
  public Block next() throws IOException {
    long at = in.count;
    if (at >= payloadEnd) {
      return null;
    }
    long length = in.readUvarint("section length");
    if (length == -1) {
      if (payloadEnd != Long.MAX_VALUE) {
        throw new IpldException(
            "CAR: truncated: the CARv2 payload ends at byte " + payloadEnd + ", input at " + at,
            at);
      }
      return null;
    }
    if (length == 0 || length > MAX_SECTION_BYTES) {
      throw new IpldException("CAR: invalid section length " + length + " at byte " + at, at);
    }
    if (at + length > payloadEnd) {
      throw new IpldException(
          "CAR: the section at byte " + at + " runs past the CARv2 payload", at);
    }
    byte[] section = in.readExactly((int) length, "section at byte " + at);
    Cid cid;
    try {
      cid = Cid.read(section, 0);
    } catch (MultiformatException e) {
      throw new IpldException(
          "CAR: invalid CID in the section at byte " + at + ": " + e.getMessage(), at, null, e);
    }
    byte[] data = java.util.Arrays.copyOfRange(section, cid.length(), section.length);
    if (cid.multihash().function().isEmpty()) {
      throw new IpldException(
          "CAR: cannot verify block "
              + cid
              + " at byte "
              + at
              + ": unsupported hash function 0x"
              + Long.toHexString(cid.multihash().code()),
          at,
          cid,
          null);
    }
    if (!cid.multihash().matches(data)) {
      throw new IpldException(
          "CAR: block " + cid + " at byte " + at + " does not match its hash", at, cid, null);
    }
    blocks++;
    return new Block(cid, data);
  }

  @Override
  public void close() throws IOException {
    in.stream.close();
  }

  private static long le64(byte[] b, int offset) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[offset + i] & 0xFF);
    }
    return v;
  }

  /** An input stream that counts bytes, for offsets in messages. */
  private static final class CountingInput {
    private final InputStream stream;
    private long count;

    CountingInput(InputStream stream) {
      this.stream = stream;
    }

    /** Reads an unsigned varint; -1 at a clean end of input (no byte read). */
    long readUvarint(String what) throws IOException {
      long at = count;
      long value = 0;
      for (int i = 0; i < 9; i++) {
        int b = stream.read();
        if (b < 0) {
          if (i == 0) {
            return -1;
          }
          throw new IpldException("CAR: truncated " + what + " at byte " + at, at);
        }
        count++;
        value |= (long) (b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
          if (b == 0 && i > 0) {
            throw new IpldException("CAR: " + what + " at byte " + at + " is not minimal", at);
          }
          return value;
        }
      }
      throw new IpldException("CAR: " + what + " at byte " + at + " is longer than 9 bytes", at);
    }

    byte[] readExactly(int n, String what) throws IOException {
      long at = count;
      byte[] out = stream.readNBytes(n);
      count += out.length;
      if (out.length < n) {
        throw new IpldException(
            "CAR: truncated " + what + ": expected " + n + " bytes, got " + out.length, at);
      }
      return out;
    }

    void skipExactly(long n) throws IOException {
      long at = count;
      try {
        stream.skipNBytes(n);
      } catch (java.io.EOFException e) {
        throw new IpldException("CAR: truncated before the CARv2 payload at byte " + (at + n), at);
      }
      count += n;
    }
  }
}

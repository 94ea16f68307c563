package io.ipfscluster.ipfs.ipld;

/**
 * The protobuf wire format, as far as dag-pb and UnixFS need it: varints, length-delimited fields
 * and fixed32. Writers compute sizes first and fill an exactly sized array, so an encoding is one
 * allocation and no copies beyond the payload's.
 *
 * <p>Not thread-safe: a {@link Writer} or {@link Reader} belongs to one encode or decode call.
 */
final class Protobuf {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private Protobuf() {}

  /** Bytes of {@code value} as a protobuf varint (unsigned 64-bit; negatives take 10 bytes). */
  static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /** Bytes of a length-delimited field with a one-byte tag and a payload of {@code length}. */
  static int lenFieldSize(int length) {
    return 1 + varintSize(length) + length;
  }

  /** Bytes of a varint field with a one-byte tag. */
  static int varintFieldSize(long value) {
    return 1 + varintSize(value);
  }

  /** Writes into an array of a precomputed size. */
  static final class Writer {
    private final byte[] out;
    private int pos;

    Writer(int size) {
      this.out = new byte[size];
    }

    void tag(int field, int wireType) {
      varint(((long) field << 3) | wireType);
    }

    void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        out[pos++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      out[pos++] = (byte) value;
    }

    void varintField(int field, long value) {
      tag(field, VARINT);
      varint(value);
    }

    void lenField(int field, byte[] payload) {
      lenField(field, payload, 0, payload.length);
    }

    void lenField(int field, byte[] payload, int offset, int length) {
      tag(field, LEN);
      varint(length);
      System.arraycopy(payload, offset, out, pos, length);
      pos += length;
    }

    /** Starts a length-delimited field whose payload the caller writes next. */
    void lenHeader(int field, int length) {
      tag(field, LEN);
      varint(length);
    }

    void fixed32Field(int field, int value) {
      tag(field, FIXED32);
      out[pos++] = (byte) value;
      out[pos++] = (byte) (value >>> 8);
      out[pos++] = (byte) (value >>> 16);
      out[pos++] = (byte) (value >>> 24);
    }

    void raw(byte[] bytes) {
      System.arraycopy(bytes, 0, out, pos, bytes.length);
      pos += bytes.length;
    }

    int position() {
      return pos;
    }

    /** The encoding; fails if the precomputed size was wrong (a bug, not bad input). */
    byte[] finish() {
      if (pos != out.length) {
        throw new IllegalStateException("encoded " + pos + " bytes, expected " + out.length);
      }
      return out;
    }
  }

  /** Reads a message from {@code in[start, end)}; offsets in errors count from {@code base}. */
  static final class Reader {
    private final String what;
    private final byte[] in;
    private final int end;
    private final long base;
    private int pos;

    Reader(String what, byte[] in, int start, int end, long base) {
      this.what = what;
      this.in = in;
      this.pos = start;
      this.end = end;
      this.base = base;
    }

    boolean hasMore() {
      return pos < end;
    }

    /** The absolute offset of the next byte (for messages). */
    long offset() {
      return base + pos;
    }

    int position() {
      return pos;
    }

    /** Reads a tag and returns it as {@code field << 3 | wireType}. */
    int tag() {
      long at = offset();
      long tag = varint();
      if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
        throw fail("invalid field tag " + tag, at);
      }
      return (int) tag;
    }

    long varint() {
      long at = offset();
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw fail("truncated varint", at);
        }
        int b = in[pos++] & 0xFF;
        if (shift == 63 && b > 1) {
          throw fail("varint overflows 64 bits", at);
        }
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw fail("varint longer than 10 bytes", at);
    }

    /** Reads a length prefix and checks that the payload fits; returns the payload's start. */
    int lenPayload() {
      long at = offset();
      long length = varint();
      if (length > end - pos) {
        throw fail("length " + length + " runs past the end (" + (end - pos) + " bytes left)", at);
      }
      int start = pos;
      pos += (int) length;
      return start;
    }

    byte[] bytes() {
      int start = lenPayload();
      byte[] out = new byte[pos - start];
      System.arraycopy(in, start, out, 0, out.length);
      return out;
    }

    int fixed32() {
      if (end - pos < 4) {
        throw fail("truncated fixed32", offset());
      }
      int v =
          (in[pos] & 0xFF)
              | (in[pos + 1] & 0xFF) << 8
              | (in[pos + 2] & 0xFF) << 16
              | (in[pos + 3] & 0xFF) << 24;
      pos += 4;
      return v;
    }

    /** Skips a field's value of the given wire type. */
    void skip(int wireType) {
      long at = offset();
      switch (wireType) {
        case VARINT -> varint();
        case LEN -> lenPayload();
        case FIXED32 -> advance(4, at);
        case FIXED64 -> advance(8, at);
        default -> throw fail("unsupported wire type " + wireType, at);
      }
    }

    private void advance(int n, long at) {
      if (end - pos < n) {
        throw fail("truncated field", at);
      }
      pos += n;
    }

    IpldException fail(String problem, long at) {
      return new IpldException(what + ": " + problem + " at byte " + at, at);
    }
  }
}

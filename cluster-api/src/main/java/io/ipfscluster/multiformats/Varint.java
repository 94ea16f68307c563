package io.ipfscluster.multiformats;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 varints as the multiformats unsigned-varint spec defines them: at most 9 bytes
 * (63 bits) and minimally encoded.
 *
 * <p>Thread-safe: stateless.
 */
public final class Varint {
  /** The longest varint the spec allows. */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Returns the number of bytes {@code value} takes as a varint. */
  public static int size(long value) {
    checkNonNegative(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Encodes a non-negative value. */
  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset} and returns the offset after it. */
  public static int write(long value, byte[] out, int offset) {
    checkNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[offset++] = (byte) value;
    return offset;
  }

  /** Appends {@code value} to {@code out}. */
  public static void write(long value, ByteArrayOutputStream out) {
    checkNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /**
   * Reads a varint at {@code offset}. Returns the value; {@link #size(long)} of it is the number of
   * bytes read, since encodings must be minimal.
   *
   * @throws MultiformatException if the varint is truncated, longer than 9 bytes or not minimal
   */
  public static long read(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= in.length) {
        throw new MultiformatException(
            i == 0
                ? "truncated varint at byte " + offset + ": no bytes left"
                : "truncated varint "
                    + MultiformatException.hex(in, offset, i)
                    + " at byte "
                    + offset);
      }
      int b = in[offset + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MultiformatException(
              "varint "
                  + MultiformatException.hex(in, offset, i + 1)
                  + " at byte "
                  + offset
                  + " is not minimally encoded");
        }
        return value;
      }
    }
    throw new MultiformatException(
        "varint "
            + MultiformatException.hex(in, offset, MAX_BYTES + 1)
            + " at byte "
            + offset
            + " is longer than 9 bytes");
  }

  private static void checkNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varints are unsigned, got " + value);
    }
  }
}

package io.ipfscluster.datastore;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The half-open key range {@code [start, end)} that a prefix scan covers, and the byte-key
 * arithmetic behind it. {@code end} is {@code null} when no key bounds the range from above, which
 * happens for the empty prefix and for prefixes made only of {@code 0xFF} bytes.
 *
 * <p>Immutable; the arrays it holds are never handed out for writing.
 */
final class KeyRange {
  /** Unsigned lexicographic order, the order of RocksDB's default bytewise comparator. */
  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  static final byte[] EMPTY = new byte[0];

  /** A key greater than every key of at most {@link Datastore#MAX_KEY_BYTES} bytes. */
  private static final byte[] BEYOND_LONGEST_KEY = new byte[Datastore.MAX_KEY_BYTES + 1];

  static {
    Arrays.fill(BEYOND_LONGEST_KEY, (byte) 0xFF);
  }

  private final byte[] start;
  private final byte[] end;

  private KeyRange(byte[] start, byte[] end) {
    this.start = start;
    this.end = end;
  }

  /**
   * The keys that start with {@code prefix} and, when {@code after} is not null, sort strictly
   * after {@code after}.
   */
  static KeyRange of(byte[] prefix, byte[] after) {
    Objects.requireNonNull(prefix, "prefix");
    byte[] end = successor(prefix);
    byte[] start = prefix;
    if (after != null) {
      // after + 0x00 is the smallest key greater than after.
      byte[] afterNext = Arrays.copyOf(after, after.length + 1);
      if (ORDER.compare(afterNext, prefix) > 0) {
        start = afterNext;
      }
    }
    return new KeyRange(start, end);
  }

  /** The first key of the range (inclusive). */
  byte[] start() {
    return start;
  }

  /** The bound after the range (exclusive), or {@code null} if unbounded. */
  byte[] end() {
    return end;
  }

  /** True if no key can fall in the range. */
  boolean isEmpty() {
    return end != null && ORDER.compare(start, end) >= 0;
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or {@code null} if
   * there is none (the prefix is empty or all {@code 0xFF}).
   */
  static byte[] successor(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    byte[] next = Arrays.copyOf(prefix, i + 1);
    next[i]++;
    return next;
  }

  /**
   * The exclusive end of a range deletion or size estimate for keys under {@code prefix}: its
   * successor, or, where there is none, a key greater than every key a store accepts.
   */
  static byte[] finiteEnd(byte[] prefix) {
    byte[] end = successor(prefix);
    return end != null ? end : BEYOND_LONGEST_KEY.clone();
  }

  /** Checks a key about to be written against {@link Datastore#MAX_KEY_BYTES}. */
  static byte[] checkWritable(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length > Datastore.MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key is "
              + key.length
              + " bytes, longer than the maximum of Datastore.MAX_KEY_BYTES = "
              + Datastore.MAX_KEY_BYTES);
    }
    return key;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Renders a key for messages: printable ASCII as is, other bytes as {@code \xNN}. */
  static String printable(byte[] key) {
    StringBuilder out = new StringBuilder(key.length);
    for (byte b : key) {
      if (b >= 0x20 && b < 0x7F && b != '\\') {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b & 0xFF));
      }
    }
    return out.toString();
  }
}

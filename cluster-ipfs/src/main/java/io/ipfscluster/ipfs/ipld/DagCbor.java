package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.MultiformatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dag-cbor codec for the IPLD data model as plain Java values: {@code null}, {@link Boolean},
 * {@link Long} (any {@link Integer}, {@link Short} or {@link Byte} also encodes), {@link Double},
 * {@link String}, {@code byte[]}, {@link Cid} (a link: CBOR tag 42), {@link List} and {@link Map}
 * with {@link String} keys. That covers cluster shard and clusterDAG index nodes and CAR headers.
 *
 * <p>{@link #encode} writes the canonical form: shortest integer and length heads, 64-bit floats,
 * map keys sorted by encoded length and then bytewise. {@link #decode} accepts only that form:
 * indefinite lengths, non-shortest heads, unsorted or duplicate keys, tags other than 42, other
 * simple values, non-64-bit, NaN or infinite floats, and trailing bytes are errors. Decoded maps
 * keep the canonical key order; integers decode as {@link Long} (values outside its range are
 * rejected).
 *
 * <p>Thread-safe: stateless.
 */
public final class DagCbor {
  private static final int MAX_DEPTH = 512;
  private static final int TAG_CID = 42;

  /** Canonical dag-cbor key order: shorter UTF-8 first, then bytewise. */
  private static final Comparator<byte[]> KEY_ORDER =
      Comparator.<byte[]>comparingInt(k -> k.length).thenComparing(Arrays::compareUnsigned);

  private DagCbor() {}

  /**
   * Encodes {@code value} canonically.
   *
   * @throws IllegalArgumentException for values outside the data model above, non-string map keys,
   *     NaN or infinite doubles
   */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value, 0);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("dag-cbor: nesting deeper than " + MAX_DEPTH);
    }
    switch (value) {
      case null -> out.write(0xf6);
      case Boolean b -> out.write(b ? 0xf5 : 0xf4);
      case Long l -> writeInt(out, l);
      case Integer i -> writeInt(out, i);
      case Short s -> writeInt(out, s);
      case Byte b -> writeInt(out, b);
      case Double d -> writeDouble(out, d);
      case Float f -> writeDouble(out, f.doubleValue());
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
      }
      case byte[] bytes -> {
        head(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case Cid cid -> {
        head(out, 6, TAG_CID);
        head(out, 2, cid.length() + 1);
        out.write(0);
        out.writeBytes(cid.toBytes());
      }
      case List<?> list -> {
        head(out, 4, list.size());
        for (Object item : list) {
          write(out, item, depth + 1);
        }
      }
      case Map<?, ?> map -> {
        List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new IllegalArgumentException(
                "dag-cbor: map keys must be strings, got " + e.getKey());
          }
          entries.add(Map.entry(key.getBytes(StandardCharsets.UTF_8), nullable(e.getValue())));
        }
        entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
        head(out, 5, entries.size());
        for (Map.Entry<byte[], Object> e : entries) {
          head(out, 3, e.getKey().length);
          out.writeBytes(e.getKey());
          write(out, e.getValue() == NULL ? null : e.getValue(), depth + 1);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "dag-cbor: cannot encode a " + value.getClass().getName());
    }
  }

  private static final Object NULL = new Object();

  private static Object nullable(Object v) {
    return v == null ? NULL : v;
  }

  private static void writeInt(ByteArrayOutputStream out, long v) {
    if (v >= 0) {
      head(out, 0, v);
    } else {
      head(out, 1, -1 - v);
    }
  }

  private static void writeDouble(ByteArrayOutputStream out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("dag-cbor: cannot encode " + d);
    }
    out.write(0xfb);
    long bits = Double.doubleToRawLongBits(d);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  /** Writes a major type and argument in the shortest form. */
  private static void head(ByteArrayOutputStream out, int major, long arg) {
    int m = major << 5;
    if (arg < 24) {
      out.write(m | (int) arg);
    } else if (arg < 0x100) {
      out.write(m | 24);
      out.write((int) arg);
    } else if (arg < 0x10000) {
      out.write(m | 25);
      out.write((int) (arg >>> 8));
      out.write((int) arg);
    } else if (arg < 0x1_0000_0000L) {
      out.write(m | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    } else {
      out.write(m | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    }
  }

  /**
   * Decodes one canonical dag-cbor value that fills {@code bytes} exactly.
   *
   * @throws IpldException naming the problem and its byte offset
   */
  public static Object decode(byte[] bytes) {
    Decoder d = new Decoder(bytes);
    Object value = d.read(0);
    if (d.pos != bytes.length) {
      throw new IpldException(
          "dag-cbor: " + (bytes.length - d.pos) + " trailing bytes at byte " + d.pos, d.pos);
    }
    return value;
  }

  private static final class Decoder {
    private final byte[] in;
    private int pos;

    Decoder(byte[] in) {
      this.in = in;
    }

    Object read(int depth) {
      if (depth > MAX_DEPTH) {
        throw fail("nesting deeper than " + MAX_DEPTH, pos);
      }
      int at = pos;
      int initial = u8();
      int major = initial >>> 5;
      int info = initial & 0x1f;
      if (major == 7) {
        return simple(info, at);
      }
      long arg = argument(info, at);
      return switch (major) {
        case 0 -> {
          if (arg < 0) {
            throw fail("integer exceeds the 64-bit signed range", at);
          }
          yield arg;
        }
        case 1 -> {
          if (arg < 0) {
            throw fail("integer exceeds the 64-bit signed range", at);
          }
          yield -1 - arg;
        }
        case 2 -> take(length(arg, at), at);
        case 3 -> utf8(take(length(arg, at), at), at);
        case 4 -> {
          int n = length(arg, at);
          List<Object> list = new ArrayList<>(Math.min(n, 1024));
          for (int i = 0; i < n; i++) {
            list.add(read(depth + 1));
          }
          yield Collections.unmodifiableList(list);
        }
        case 5 -> {
          int n = length(arg, at);
          Map<String, Object> map = new LinkedHashMap<>();
          byte[] previous = null;
          for (int i = 0; i < n; i++) {
            int keyAt = pos;
            int keyHead = u8();
            if (keyHead >>> 5 != 3) {
              throw fail("map key is not a string", keyAt);
            }
            byte[] key = take(length(argument(keyHead & 0x1f, keyAt), keyAt), keyAt);
            if (previous != null) {
              int c = KEY_ORDER.compare(previous, key);
              if (c == 0) {
                throw fail("duplicate map key", keyAt);
              }
              if (c > 0) {
                throw fail("map keys not in canonical order", keyAt);
              }
            }
            previous = key;
            map.put(utf8(key, keyAt), read(depth + 1));
          }
          yield Collections.unmodifiableMap(map);
        }
        case 6 -> {
          if (arg != TAG_CID) {
            throw fail("unsupported tag " + arg, at);
          }
          int bytesAt = pos;
          int h = u8();
          if (h >>> 5 != 2) {
            throw fail("tag 42 does not hold a byte string", bytesAt);
          }
          byte[] raw = take(length(argument(h & 0x1f, bytesAt), bytesAt), bytesAt);
          if (raw.length < 2 || raw[0] != 0) {
            throw fail("tag 42 bytes lack the 0x00 multibase prefix", bytesAt);
          }
          try {
            yield Cid.fromBytes(Arrays.copyOfRange(raw, 1, raw.length));
          } catch (MultiformatException e) {
            throw new IpldException(
                "dag-cbor: invalid CID at byte " + bytesAt + ": " + e.getMessage(),
                bytesAt,
                null,
                e);
          }
        }
        default -> throw fail("unknown major type " + major, at);
      };
    }

    private Object simple(int info, int at) {
      return switch (info) {
        case 20 -> Boolean.FALSE;
        case 21 -> Boolean.TRUE;
        case 22 -> null;
        case 27 -> {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits = bits << 8 | u8();
          }
          double d = Double.longBitsToDouble(bits);
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw fail("NaN and infinities are not allowed", at);
          }
          yield d;
        }
        case 25, 26 -> throw fail("floats must be 64-bit", at);
        default -> throw fail("unsupported simple value " + info, at);
      };
    }

    /** Reads the argument for additional info {@code info}, requiring the shortest form. */
    private long argument(int info, int at) {
      if (info < 24) {
        return info;
      }
      int n =
          switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> throw fail("indefinite lengths are not allowed", at);
            default -> throw fail("reserved additional info " + info, at);
          };
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = v << 8 | u8();
      }
      long min = n == 1 ? 24 : 1L << (4 * n);
      if (Long.compareUnsigned(v, min) < 0) {
        throw fail("integer or length not in its shortest form", at);
      }
      return v;
    }

    private int length(long arg, int at) {
      if (arg < 0 || arg > in.length - pos) {
        throw fail(
            "truncated input: length " + Long.toUnsignedString(arg) + " runs past the end", at);
      }
      return (int) arg;
    }

    private int u8() {
      if (pos >= in.length) {
        throw fail("truncated input", pos);
      }
      return in[pos++] & 0xFF;
    }

    private byte[] take(int n, int at) {
      if (n > in.length - pos) {
        throw fail("truncated input", at);
      }
      byte[] out = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return out;
    }

    private String utf8(byte[] bytes, int at) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw fail("string is not valid UTF-8", at);
      }
    }

    private IpldException fail(String problem, long at) {
      return new IpldException("dag-cbor: " + problem + " at byte " + at, at);
    }
  }
}

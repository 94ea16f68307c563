package io.ipfscluster.ipfs.ipld;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The UnixFS {@code Data} message carried in the data field of a dag-pb node: what the node is
 * (file, directory, HAMT shard, symlink, raw leaf, metadata) and its sizes and attributes.
 *
 * <p>Optional fields are null when absent, and {@link #encode()} writes exactly the fields that are
 * present, in field-number order, as kubo's protobuf library does; that is what makes CIDs agree.
 * The factories set the fields kubo sets for each kind of node. {@link #decode(byte[])} accepts
 * packed and unpacked {@code blocksizes} and skips unknown fields, as protobuf decoders do.
 *
 * <p>Immutable and thread-safe; the data array is not copied, so callers must not change it.
 *
 * @param type the node type (required)
 * @param data field 2: file bytes, symlink target, HAMT bitfield or metadata message; or null
 * @param fileSize field 3, or null
 * @param blockSizes field 4: the file size below each link of a file node (empty when none)
 * @param hashType field 5 (HAMT shards: 0x22, murmur3-x64-64), or null
 * @param fanout field 6 (HAMT shards), or null
 * @param mode field 7: Unix permission bits, or null
 * @param mtime field 8, or null
 */
public record UnixfsData(
    UnixfsType type,
    byte[] data,
    Long fileSize,
    List<Long> blockSizes,
    Long hashType,
    Long fanout,
    Integer mode,
    UnixfsTime mtime) {

  public UnixfsData {
    Objects.requireNonNull(type, "type");
    blockSizes = blockSizes == null ? List.of() : List.copyOf(blockSizes);
  }

  /** A file node (leaf or inner): kubo always writes {@code filesize}, data only when non-null. */
  public static UnixfsData file(byte[] data, long fileSize, List<Long> blockSizes) {
    return new UnixfsData(UnixfsType.FILE, data, fileSize, blockSizes, null, null, null, null);
  }

  /** A {@code Raw} leaf, as kubo's trickle layout writes leaves: data and its length. */
  public static UnixfsData raw(byte[] data) {
    return new UnixfsData(
        UnixfsType.RAW, data, (long) data.length, List.of(), null, null, null, null);
  }

  /** A basic directory: the type alone. */
  public static UnixfsData directory() {
    return new UnixfsData(UnixfsType.DIRECTORY, null, null, List.of(), null, null, null, null);
  }

  /** A symlink: the target path as data, no size. */
  public static UnixfsData symlink(byte[] target) {
    return new UnixfsData(UnixfsType.SYMLINK, target, null, List.of(), null, null, null, null);
  }

  /** A HAMT shard: bitfield of occupied slots (or null when empty), hash type and fanout. */
  public static UnixfsData hamtShard(byte[] bitfield, long fanout, long hashType) {
    return new UnixfsData(
        UnixfsType.HAMT_SHARD, bitfield, null, List.of(), hashType, fanout, null, null);
  }

  /**
   * The dag-pb block of a UnixFS leaf: a node without links whose data is this message with type
   * {@code type} (FILE or RAW), {@code chunk} as data and its length as {@code filesize} (no data
   * field when {@code chunk} is null). Byte for byte what {@code PbNode.ofData(new UnixfsData(type,
   * chunk, length, ...).encode()).encode()} gives, but the chunk is copied once, straight into the
   * block: this is the importer's per-chunk path.
   */
  public static byte[] leafBlock(UnixfsType type, byte[] chunk) {
    int length = chunk == null ? 0 : chunk.length;
    int inner =
        Protobuf.varintFieldSize(type.code())
            + (chunk == null ? 0 : Protobuf.lenFieldSize(length))
            + Protobuf.varintFieldSize(length);
    Protobuf.Writer w = new Protobuf.Writer(Protobuf.lenFieldSize(inner));
    w.lenHeader(1, inner);
    w.varintField(1, type.code());
    if (chunk != null) {
      w.lenField(2, chunk);
    }
    w.varintField(3, length);
    return w.finish();
  }

  /** The same message with {@code mode} (permission bits) and {@code mtime} set (null clears). */
  public UnixfsData withStat(Integer mode, UnixfsTime mtime) {
    return new UnixfsData(type, data, fileSize, blockSizes, hashType, fanout, mode, mtime);
  }

  /** The protobuf encoding, fields in number order. */
  public byte[] encode() {
    int size = Protobuf.varintFieldSize(type.code());
    if (data != null) {
      size += Protobuf.lenFieldSize(data.length);
    }
    if (fileSize != null) {
      size += Protobuf.varintFieldSize(fileSize);
    }
    for (long b : blockSizes) {
      size += Protobuf.varintFieldSize(b);
    }
    if (hashType != null) {
      size += Protobuf.varintFieldSize(hashType);
    }
    if (fanout != null) {
      size += Protobuf.varintFieldSize(fanout);
    }
    if (mode != null) {
      size += Protobuf.varintFieldSize(Integer.toUnsignedLong(mode));
    }
    int mtimeSize = 0;
    if (mtime != null) {
      mtimeSize = Protobuf.varintFieldSize(mtime.seconds()) + (mtime.nanos() != null ? 5 : 0);
      size += Protobuf.lenFieldSize(mtimeSize);
    }
    Protobuf.Writer w = new Protobuf.Writer(size);
    w.varintField(1, type.code());
    if (data != null) {
      w.lenField(2, data);
    }
    if (fileSize != null) {
      w.varintField(3, fileSize);
    }
    for (long b : blockSizes) {
      w.varintField(4, b);
    }
    if (hashType != null) {
      w.varintField(5, hashType);
    }
    if (fanout != null) {
      w.varintField(6, fanout);
    }
    if (mode != null) {
      w.varintField(7, Integer.toUnsignedLong(mode));
    }
    if (mtime != null) {
      w.lenHeader(8, mtimeSize);
      w.varintField(1, mtime.seconds());
      if (mtime.nanos() != null) {
        w.fixed32Field(2, mtime.nanos());
      }
    }
    return w.finish();
  }

  /**
   * Decodes a UnixFS {@code Data} message.
   *
   * @throws IpldException if it is truncated, lacks {@code Type}, has an unknown type or a field of
   *     the wrong wire type
   */
  public static UnixfsData decode(byte[] message) {
    Protobuf.Reader r = new Protobuf.Reader("UnixFS Data", message, 0, message.length, 0);
    UnixfsType type = null;
    byte[] data = null;
    Long fileSize = null;
    List<Long> blockSizes = new ArrayList<>();
    Long hashType = null;
    Long fanout = null;
    Integer mode = null;
    UnixfsTime mtime = null;
    while (r.hasMore()) {
      long at = r.offset();
      int tag = r.tag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          expect(r, wire, Protobuf.VARINT, field, at);
          long code = r.varint();
          try {
            type = UnixfsType.ofCode(code);
          } catch (IllegalArgumentException e) {
            throw r.fail("unknown Type " + code, at);
          }
        }
        case 2 -> {
          expect(r, wire, Protobuf.LEN, field, at);
          data = r.bytes();
        }
        case 3 -> {
          expect(r, wire, Protobuf.VARINT, field, at);
          fileSize = r.varint();
        }
        case 4 -> {
          if (wire == Protobuf.LEN) { // packed
            int start = r.lenPayload();
            Protobuf.Reader packed =
                new Protobuf.Reader("UnixFS Data blocksizes", message, start, r.position(), 0);
            while (packed.hasMore()) {
              blockSizes.add(packed.varint());
            }
          } else {
            expect(r, wire, Protobuf.VARINT, field, at);
            blockSizes.add(r.varint());
          }
        }
        case 5 -> {
          expect(r, wire, Protobuf.VARINT, field, at);
          hashType = r.varint();
        }
        case 6 -> {
          expect(r, wire, Protobuf.VARINT, field, at);
          fanout = r.varint();
        }
        case 7 -> {
          expect(r, wire, Protobuf.VARINT, field, at);
          mode = (int) r.varint();
        }
        case 8 -> {
          expect(r, wire, Protobuf.LEN, field, at);
          int start = r.lenPayload();
          mtime = decodeTime(message, start, r.position());
        }
        default -> r.skip(wire);
      }
    }
    if (type == null) {
      throw r.fail("missing required field Type", 0);
    }
    return new UnixfsData(type, data, fileSize, blockSizes, hashType, fanout, mode, mtime);
  }

  private static UnixfsTime decodeTime(byte[] message, int start, int end) {
    Protobuf.Reader r = new Protobuf.Reader("UnixFS Data mtime", message, start, end, 0);
    Long seconds = null;
    Integer nanos = null;
    while (r.hasMore()) {
      long at = r.offset();
      int tag = r.tag();
      switch (tag) {
        case 1 << 3 | Protobuf.VARINT -> seconds = r.varint();
        case 2 << 3 | Protobuf.FIXED32 -> {
          nanos = r.fixed32();
          if (nanos < 0 || nanos > 999_999_999) {
            throw r.fail("nanos out of range: " + Integer.toUnsignedString(nanos), at);
          }
        }
        default -> r.skip(tag & 7);
      }
    }
    if (seconds == null) {
      throw r.fail("missing required field seconds", start);
    }
    return new UnixfsTime(seconds, nanos);
  }

  private static void expect(Protobuf.Reader r, int wire, int expected, int field, long at) {
    if (wire != expected) {
      throw r.fail("field " + field + " has wire type " + wire + ", expected " + expected, at);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnixfsData other
        && type == other.type
        && Arrays.equals(data, other.data)
        && Objects.equals(fileSize, other.fileSize)
        && blockSizes.equals(other.blockSizes)
        && Objects.equals(hashType, other.hashType)
        && Objects.equals(fanout, other.fanout)
        && Objects.equals(mode, other.mode)
        && Objects.equals(mtime, other.mtime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type, Arrays.hashCode(data), fileSize, blockSizes, hashType, fanout, mode, mtime);
  }

  @Override
  public String toString() {
    return "UnixfsData[type="
        + type
        + ", data="
        + (data == null ? "absent" : data.length + " bytes")
        + ", fileSize="
        + fileSize
        + ", blockSizes="
        + blockSizes
        + ", hashType="
        + hashType
        + ", fanout="
        + fanout
        + ", mode="
        + mode
        + ", mtime="
        + mtime
        + "]";
  }
}

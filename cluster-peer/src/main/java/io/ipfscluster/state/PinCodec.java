package io.ipfscluster.state;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The protobuf encoding of a {@link Pin} in the pinset state, wire-compatible with the original's
 * {@code api/pb/types.proto}, so states can be inspected and moved with the same format:
 *
 * <pre>
 * Pin        { 1 bytes Cid; 2 PinType Type; 3 repeated bytes Allocations; 4 sint32 MaxDepth;
 *              5 bytes Reference; 6 PinOptions Options; 7 uint64 Timestamp }
 * PinOptions { 1 sint32 ReplicationFactorMin; 2 sint32 ReplicationFactorMax; 3 string Name;
 *              4 uint64 ShardSize; 6 map&lt;string,string&gt; Metadata (read only);
 *              7 bytes PinUpdate; 8 uint64 ExpireAt; 9 repeated bytes Origins;
 *              10 repeated Metadata{1 Key; 2 Value} SortedMetadata }
 * </pre>
 *
 * Times are whole Unix seconds (0 = unset); the mode is not stored but derived from MaxDepth; user
 * allocations are not stored. Fields at their default are omitted, as proto3 does.
 *
 * <p>Written by hand over protobuf's coded streams rather than generated, since listing the state
 * decodes pins on the hot path straight into the domain records. Thread-safe: stateless but for a
 * bounded cache of the peer IDs it decodes (see {@link PeerIdCache}).
 */
public final class PinCodec {
  private static final PeerIdCache PEERS = new PeerIdCache();

  private PinCodec() {}

  /** Encodes {@code pin}. */
  public static byte[] encode(Pin pin) {
    // Sizes first, then one exact array: no intermediate buffers or copies.
    PinOptions o = pin.options();
    int optionsSize = optionsSize(o);
    long ts = seconds(pin.timestamp());
    int size = bytesFieldSize(1, pin.cid().length());
    if (pin.type().protoValue() != 0) {
      size += CodedOutputStream.computeEnumSize(2, pin.type().protoValue());
    }
    for (PeerId p : pin.allocations()) {
      size += bytesFieldSize(3, p.multihash().length());
    }
    if (pin.maxDepth() != 0) {
      size += CodedOutputStream.computeSInt32Size(4, pin.maxDepth());
    }
    if (pin.reference() != null) {
      size += bytesFieldSize(5, pin.reference().length());
    }
    size += bytesFieldSize(6, optionsSize);
    if (ts != 0) {
      size += CodedOutputStream.computeUInt64Size(7, ts);
    }
    byte[] bytes = new byte[size];
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, pin.cid().toBytes());
      if (pin.type().protoValue() != 0) {
        out.writeEnum(2, pin.type().protoValue());
      }
      for (PeerId p : pin.allocations()) {
        out.writeByteArray(3, p.toBytes());
      }
      if (pin.maxDepth() != 0) {
        out.writeSInt32(4, pin.maxDepth());
      }
      if (pin.reference() != null) {
        out.writeByteArray(5, pin.reference().toBytes());
      }
      out.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(optionsSize);
      writeOptions(out, o);
      if (ts != 0) {
        out.writeUInt64(7, ts);
      }
      out.checkNoSpaceLeft();
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException("pin encoding overran its computed size " + size, e);
    }
  }

  private static int bytesFieldSize(int field, int length) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(length)
        + length;
  }

  private static int optionsSize(PinOptions o) {
    int size = 0;
    if (o.replicationFactorMin() != 0) {
      size += CodedOutputStream.computeSInt32Size(1, o.replicationFactorMin());
    }
    if (o.replicationFactorMax() != 0) {
      size += CodedOutputStream.computeSInt32Size(2, o.replicationFactorMax());
    }
    if (!o.name().isEmpty()) {
      size += CodedOutputStream.computeStringSize(3, o.name());
    }
    if (o.shardSize() != 0) {
      size += CodedOutputStream.computeUInt64Size(4, o.shardSize());
    }
    if (o.pinUpdate() != null) {
      size += bytesFieldSize(7, o.pinUpdate().length());
    }
    long expire = seconds(o.expireAt());
    if (expire != 0) {
      size += CodedOutputStream.computeUInt64Size(8, expire);
    }
    for (Multiaddr a : o.origins()) {
      size += bytesFieldSize(9, a.toBytes().length);
    }
    for (Map.Entry<String, String> e : o.metadata().entrySet()) {
      size += bytesFieldSize(10, entrySize(e));
    }
    return size;
  }

  private static int entrySize(Map.Entry<String, String> e) {
    return CodedOutputStream.computeStringSize(1, e.getKey())
        + CodedOutputStream.computeStringSize(2, e.getValue());
  }

  private static void writeOptions(CodedOutputStream out, PinOptions o) throws IOException {
    if (o.replicationFactorMin() != 0) {
      out.writeSInt32(1, o.replicationFactorMin());
    }
    if (o.replicationFactorMax() != 0) {
      out.writeSInt32(2, o.replicationFactorMax());
    }
    if (!o.name().isEmpty()) {
      out.writeString(3, o.name());
    }
    if (o.shardSize() != 0) {
      out.writeUInt64(4, o.shardSize());
    }
    if (o.pinUpdate() != null) {
      out.writeByteArray(7, o.pinUpdate().toBytes());
    }
    long expire = seconds(o.expireAt());
    if (expire != 0) {
      out.writeUInt64(8, expire);
    }
    for (Multiaddr a : o.origins()) {
      out.writeByteArray(9, a.toBytes());
    }
    for (Map.Entry<String, String> e : o.metadata().entrySet()) {
      out.writeTag(10, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(entrySize(e));
      out.writeString(1, e.getKey());
      out.writeString(2, e.getValue());
    }
  }

  private static long seconds(Instant t) {
    return GoTime.isZero(t) ? 0 : t.getEpochSecond();
  }

  private static Instant time(long seconds) {
    return seconds == 0 ? GoTime.ZERO : Instant.ofEpochSecond(seconds);
  }

  /**
   * Decodes a pin stored under {@code key}. The key's CID is authoritative, as in the original: the
   * CID inside the value is ignored.
   *
   * @throws CorruptStateException if the bytes are not a valid encoded pin
   */
  public static Pin decode(Cid key, byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      PinType type = PinType.BAD;
      List<PeerId> allocations = new ArrayList<>(3);
      int maxDepth = 0;
      Cid reference = null;
      PinOptions options = PinOptions.defaults();
      Instant timestamp = GoTime.ZERO;
      Cid embedded = null;
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> embedded = Cid.fromBytes(in.readByteArray());
          case 2 -> type = PinType.ofProtoValue(in.readEnum());
          case 3 -> allocations.add(PEERS.fromBytes(in.readByteArray()));
          case 4 -> maxDepth = in.readSInt32();
          case 5 -> reference = Cid.fromBytes(in.readByteArray());
          case 6 -> options = readOptions(in);
          case 7 -> timestamp = time(in.readUInt64());
          default -> in.skipField(tag);
        }
      }
      Cid cid = key != null ? key : embedded;
      if (cid == null) {
        throw new CorruptStateException("pin has no CID");
      }
      if (type == PinType.DATA && options.mode() != PinMode.ofMaxDepth(maxDepth)) {
        options = options.withMode(PinMode.ofMaxDepth(maxDepth));
      }
      return new Pin(cid, type, allocations, maxDepth, reference, timestamp, options);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptStateException(
          "cannot decode the pin stored for " + (key == null ? "an unknown CID" : key), e);
    }
  }

  /** Decodes a pin whose CID is only in the value (as in exported protobuf streams). */
  public static Pin decode(byte[] bytes) {
    return decode(null, bytes);
  }

  /** Reads a length-delimited PinOptions message in place, without copying it out first. */
  private static PinOptions readOptions(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    int rmin = 0;
    int rmax = 0;
    String name = "";
    long shardSize = 0;
    Cid pinUpdate = null;
    Instant expireAt = GoTime.ZERO;
    List<Multiaddr> origins = null; // most pins have no origins and no metadata
    Map<String, String> sorted = null;
    Map<String, String> legacy = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> rmin = in.readSInt32();
        case 2 -> rmax = in.readSInt32();
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> shardSize = in.readUInt64();
        case 6 -> legacy = readEntry(in, legacy);
        case 7 -> pinUpdate = Cid.fromBytes(in.readByteArray());
        case 8 -> expireAt = time(in.readUInt64());
        case 9 -> {
          if (origins == null) {
            origins = new ArrayList<>(1);
          }
          origins.add(Multiaddr.fromBytes(in.readByteArray()));
        }
        case 10 -> sorted = readEntry(in, sorted);
        default -> in.skipField(tag);
      }
    }
    in.popLimit(limit);
    Map<String, String> metadata = sorted != null ? sorted : legacy;
    return new PinOptions(
        rmin,
        rmax,
        name,
        PinMode.RECURSIVE,
        shardSize,
        List.of(),
        expireAt,
        metadata,
        pinUpdate,
        origins);
  }

  /**
   * Reads a length-delimited {Key=1, Value=2} message into {@code into} (created when null) and
   * returns it: a map entry and a SortedMetadata entry look the same.
   */
  private static Map<String, String> readEntry(CodedInputStream in, Map<String, String> into)
      throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String key = "";
    String value = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = in.readStringRequireUtf8();
        case 2 -> value = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    in.popLimit(limit);
    Map<String, String> map = into != null ? into : new TreeMap<>();
    map.put(key, value);
    return map;
  }
}

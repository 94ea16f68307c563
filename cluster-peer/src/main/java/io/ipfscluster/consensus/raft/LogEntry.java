package io.ipfscluster.consensus.raft;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.CorruptStateException;
import io.ipfscluster.state.PinCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Raft log entry: the pin and unpin operations of a group commit, applied in order.
 *
 * <pre>
 * LogEntry { repeated Op ops = 1; }
 * Op       { uint32 type = 1 (1 pin, 2 unpin, as the original's LogOp); bytes cid = 2;
 *            bytes pin = 3 (the protobuf pin of PinCodec; absent for unpin) }
 * </pre>
 *
 * <p>The original wrote one msgpack {@code LogOp} per entry; Raft peers never talk to Go peers, so
 * the format only has to be stable between our own versions. Immutable and thread-safe.
 */
record LogEntry(List<Op> ops) {
  static final int PIN = 1;
  static final int UNPIN = 2;

  LogEntry {
    ops = List.copyOf(ops);
  }

  /** A pin ({@code pin} is the encoded pin) or an unpin ({@code pin} is null) of {@code cid}. */
  record Op(Cid cid, byte[] pin) {
    static Op pin(Pin pin) {
      return new Op(pin.cid(), PinCodec.encode(pin));
    }

    static Op unpin(Cid cid) {
      return new Op(cid, null);
    }

    Pin decodePin() {
      return PinCodec.decode(cid, pin);
    }

    int encodedSize() {
      int size = CodedOutputStream.computeUInt32Size(1, pin == null ? UNPIN : PIN);
      size += CodedOutputStream.computeByteArraySize(2, cid.toBytes());
      if (pin != null) {
        size += CodedOutputStream.computeByteArraySize(3, pin);
      }
      return size;
    }
  }

  byte[] encode() {
    int size = 0;
    for (Op op : ops) {
      int opSize = op.encodedSize();
      size +=
          CodedOutputStream.computeTagSize(1)
              + CodedOutputStream.computeUInt32SizeNoTag(opSize)
              + opSize;
    }
    byte[] bytes = new byte[size];
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (Op op : ops) {
        out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(op.encodedSize());
        out.writeUInt32(1, op.pin == null ? UNPIN : PIN);
        out.writeByteArray(2, op.cid.toBytes());
        if (op.pin != null) {
          out.writeByteArray(3, op.pin);
        }
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("log entry encoding overran its computed size " + size, e);
    }
    return bytes;
  }

  /**
   * Decodes an entry written by {@link #encode}.
   *
   * @throws CorruptStateException if the bytes are not a valid entry
   */
  static LogEntry decode(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      List<Op> ops = new ArrayList<>();
      for (int tag; (tag = in.readTag()) != 0; ) {
        if (WireFormat.getTagFieldNumber(tag) != 1
            || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        ops.add(readOp(in));
        in.popLimit(limit);
      }
      return new LogEntry(ops);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptStateException("invalid Raft log entry: " + e.getMessage(), e);
    }
  }

  private static Op readOp(CodedInputStream in) throws IOException {
    int type = 0;
    byte[] cid = null;
    byte[] pin = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> type = in.readUInt32();
        case 2 -> cid = in.readByteArray();
        case 3 -> pin = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    if (cid == null) {
      throw new IOException("operation without a CID");
    }
    if (type == PIN && pin == null) {
      throw new IOException("pin operation without a pin");
    }
    if (type != PIN && type != UNPIN) {
      throw new IOException("unknown operation type " + type);
    }
    return new Op(Cid.fromBytes(cid), type == PIN ? pin : null);
  }
}

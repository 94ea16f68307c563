package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.Varint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf wire format by hand: varint (wire type 0) and length-delimited (wire type 2)
 * fields, the only two the gossip frames use. Not thread-safe.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int LENGTH_DELIMITED = 2;

  private byte[] buf = new byte[64];
  private int len;

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  private void varint(long value) {
    ensure(Varint.MAX_BYTES);
    len = Varint.write(value, buf, len);
  }

  ProtoWriter uint64(int field, long value) {
    varint((long) field << 3 | VARINT);
    varint(value);
    return this;
  }

  ProtoWriter bool(int field, boolean value) {
    return uint64(field, value ? 1 : 0);
  }

  ProtoWriter bytes(int field, byte[] value) {
    return bytes(field, value, 0, value.length);
  }

  ProtoWriter bytes(int field, byte[] value, int offset, int length) {
    varint((long) field << 3 | LENGTH_DELIMITED);
    varint(length);
    ensure(length);
    System.arraycopy(value, offset, buf, len, length);
    len += length;
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code nested} as an embedded message. */
  ProtoWriter message(int field, ProtoWriter nested) {
    return bytes(field, nested.buf, 0, nested.len);
  }

  int size() {
    return len;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}

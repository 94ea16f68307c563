package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf wire format by hand, strictly: truncated fields, bad varints, invalid UTF-8 and
 * group wire types are {@link MalformedFrameException}s naming the offset. Unknown fields of the
 * other wire types are skipped, so newer peers may add fields. Not thread-safe.
 */
final class ProtoReader {
  private final byte[] buf;
  private final int start;
  private final int limit;
  private int pos;
  private int wireType;

  ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private ProtoReader(byte[] buf, int start, int limit) {
    this.buf = buf;
    this.start = start;
    this.pos = start;
    this.limit = limit;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** Reads the next tag and returns its field number. */
  int nextField() throws MalformedFrameException {
    long tag = varint();
    int field = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    if (field == 0 || tag >>> 3 > Integer.MAX_VALUE) {
      throw malformed("invalid field number " + (tag >>> 3));
    }
    return field;
  }

  long uint64() throws MalformedFrameException {
    expect(ProtoWriter.VARINT);
    return varint();
  }

  boolean bool() throws MalformedFrameException {
    long v = uint64();
    if (v > 1) {
      throw malformed("a boolean is 0 or 1, got " + v);
    }
    return v == 1;
  }

  byte[] bytes() throws MalformedFrameException {
    int at = lengthDelimited();
    return Arrays.copyOfRange(buf, at, pos);
  }

  String string() throws MalformedFrameException {
    int at = lengthDelimited();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, at, pos - at))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("a string is not valid UTF-8");
    }
  }

  /** A reader over the embedded message in the current field. */
  ProtoReader message() throws MalformedFrameException {
    int at = lengthDelimited();
    return new ProtoReader(buf, at, pos);
  }

  /** Skips the value of the current (unknown) field. */
  void skip() throws MalformedFrameException {
    switch (wireType) {
      case ProtoWriter.VARINT -> varint();
      case ProtoWriter.LENGTH_DELIMITED -> lengthDelimited();
      case 1 -> advance(8);
      case 5 -> advance(4);
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  private void expect(int type) throws MalformedFrameException {
    if (wireType != type) {
      throw malformed("expected wire type " + type + ", got " + wireType);
    }
  }

  /** Reads a length prefix, advances past the value and returns where the value starts. */
  private int lengthDelimited() throws MalformedFrameException {
    expect(ProtoWriter.LENGTH_DELIMITED);
    long n = varint();
    int at = pos;
    if (n > limit - pos) {
      throw malformed("a field of " + n + " bytes overruns the " + (limit - pos) + " left");
    }
    pos += (int) n;
    return at;
  }

  private void advance(int n) throws MalformedFrameException {
    if (n > limit - pos) {
      throw malformed("truncated fixed-width field");
    }
    pos += n;
  }

  private long varint() throws MalformedFrameException {
    if (pos >= limit) {
      throw malformed("truncated varint");
    }
    try {
      // Reads from the whole buffer, then checks the varint ended inside this message.
      long v = Varint.read(buf, pos);
      int n = Varint.size(v);
      if (n > limit - pos) {
        throw malformed("truncated varint");
      }
      pos += n;
      return v;
    } catch (MultiformatException e) {
      throw malformed(e.getMessage());
    }
  }

  private MalformedFrameException malformed(String why) {
    return new MalformedFrameException(why + " (at byte " + (pos - start) + ")");
  }
}

package io.ipfscluster.consensus.crdt;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.PinCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical protobuf encoding of CRDT blocks, written by hand:
 *
 * <pre>
 * Block  { 1 bytes writer;          // 16 bytes: WriterId.of(author, incarnation)
 *          2 bytes author;          // peer ID bytes (Ed25519, identity multihash)
 *          3 bytes incarnation;     // 16 random bytes per fresh replica
 *          4 uint64 seq;            // 1, 2, … per writer
 *          5 uint64 height;         // 1 + greatest parent height
 *          6 repeated Parent parents;   // sorted by dot
 *          7 repeated Add adds;         // sorted by key, one per key
 *          8 repeated Remove removes;   // sorted by key, one per key
 *          15 bytes signature; }    // Ed25519 by author over DOMAIN ‖ bytes of fields 1–8
 * Parent { 1 bytes cid; 2 bytes dot; 3 uint64 height; }
 * Add    { 1 bytes key; 2 bytes value; }        // key = CID bytes, value = PinCodec bytes
 * Remove { 1 bytes key; 2 repeated bytes dots; } // dots sorted
 * dot    = writer (16 bytes) ‖ seq (8 bytes big-endian)
 * DOMAIN = "ipfs-cluster/crdt/block/v1" ‖ 0x00
 * </pre>
 *
 * Fields are written in field-number order, every one of them (none is ever at its proto3 default),
 * with minimal varints. Decoding accepts exactly that: it decodes, re-encodes and compares, so
 * every block has one encoding and one CID. A block is at most {@link #MAX_BLOCK_BYTES}.
 *
 * <p><b>CID.</b> CIDv1, codec raw (0x55), sha2-256. A block is our own protobuf, not a dag-pb
 * PBNode (whose Links cannot carry dots and heights), so claiming dag-pb would make generic IPLD
 * tools misread it; raw says "opaque bytes addressed by hash", which every blockstore, bitswap and
 * {@code block/get} serves and verifies. Our walker reads the parents from the payload.
 *
 * <p>Thread-safe: stateless.
 */
public final class BlockCodec {
  /** The largest encoded block, signature included: 1 MiB. */
  public static final int MAX_BLOCK_BYTES = 1 << 20;

  static final int SIGNATURE_BYTES = 64;

  private static final byte[] DOMAIN =
      "ipfs-cluster/crdt/block/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int SIGNATURE_FIELD = 15;
  private static final int SIGNATURE_FIELD_BYTES =
      CodedOutputStream.computeTagSize(SIGNATURE_FIELD) + 1 + SIGNATURE_BYTES;
  private static final int MAX_VARINT = 10;

  private BlockCodec() {}

  /** Encodes and signs {@code delta} with {@code identity}, which must be its author. */
  public static DeltaBlock sign(Delta delta, Identity identity) {
    if (!identity.peerId().equals(delta.author())) {
      throw new IllegalArgumentException(
          "the block's author " + delta.author() + " is not the signer " + identity.peerId());
    }
    byte[] body = encodeBody(delta);
    byte[] signature = identity.sign(signed(body));
    byte[] bytes = withSignature(body, signature);
    if (bytes.length > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(
          "a CRDT block is at most " + MAX_BLOCK_BYTES + " bytes, this one " + bytes.length);
    }
    return new DeltaBlock(cidOf(bytes), bytes, delta);
  }

  /** Decodes and checks {@code bytes}, computing its CID. See {@link #decode(Cid, byte[])}. */
  public static DeltaBlock decode(byte[] bytes) {
    return decode(cidOf(bytes), bytes);
  }

  /**
   * Decodes a block received as {@code cid}, checking everything but trust: the CID is CIDv1 raw
   * sha2-256 of the bytes, the size is within {@link #MAX_BLOCK_BYTES}, the encoding is canonical,
   * the content follows the rules of {@link Delta}, every value is a valid pin, and the signature
   * is the author's.
   *
   * @throws InvalidBlockException naming the CID and the fault
   */
  public static DeltaBlock decode(Cid cid, byte[] bytes) {
    if (bytes.length > MAX_BLOCK_BYTES) {
      throw invalid(cid, "is " + bytes.length + " bytes, more than " + MAX_BLOCK_BYTES);
    }
    if (!cid.equals(cidOf(bytes))) {
      throw invalid(cid, "does not match its bytes (a CRDT block is CIDv1 raw sha2-256)");
    }
    Delta delta;
    byte[] signature;
    try {
      Parsed parsed = parse(bytes);
      delta = parsed.delta;
      signature = parsed.signature;
    } catch (IOException | IllegalArgumentException e) {
      throw invalid(cid, "is malformed: " + e.getMessage(), e);
    }
    byte[] body = encodeBody(delta);
    if (signature.length != SIGNATURE_BYTES
        || !Arrays.equals(withSignature(body, signature), bytes)) {
      throw invalid(cid, "is not in canonical form");
    }
    for (Delta.Add add : delta.adds()) {
      try {
        PinCodec.decode(add.key(), add.value());
      } catch (RuntimeException e) {
        throw invalid(cid, "adds an invalid pin for " + add.key() + ": " + e.getMessage(), e);
      }
    }
    if (!Identity.verify(delta.author(), signed(body), signature)) {
      throw invalid(cid, "has a signature that is not its author's (" + delta.author() + ")");
    }
    return new DeltaBlock(cid, bytes, delta);
  }

  /** The CID of a block's bytes: CIDv1, raw, sha2-256. */
  public static Cid cidOf(byte[] bytes) {
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, bytes));
  }

  /** The bytes an add of {@code key} with a value of {@code valueLength} bytes takes. */
  static int addSize(Cid key, int valueLength) {
    return CodedOutputStream.computeTagSize(7) + lengthDelimited(addInnerSize(key, valueLength));
  }

  /** The bytes a remove of {@code dots} dots of {@code key} takes. */
  static int removeSize(Cid key, int dots) {
    return CodedOutputStream.computeTagSize(8) + lengthDelimited(removeInnerSize(key, dots));
  }

  /**
   * An upper bound of the bytes a block of {@code author} with {@code parents} takes without its
   * adds and removes, signature included.
   */
  static int overheadSize(PeerId author, List<BlockRef> parents) {
    int size =
        byteArraySize(1, WriterId.BYTES)
            + byteArraySize(2, author.toBytes().length)
            + byteArraySize(3, WriterId.INCARNATION_BYTES)
            + 2 * (1 + MAX_VARINT)
            + SIGNATURE_FIELD_BYTES;
    for (BlockRef p : parents) {
      size += CodedOutputStream.computeTagSize(6) + lengthDelimited(parentSize(p));
    }
    return size;
  }

  private static byte[] signed(byte[] body) {
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, message, DOMAIN.length, body.length);
    return message;
  }

  private static byte[] withSignature(byte[] body, byte[] signature) {
    byte[] out =
        Arrays.copyOf(
            body, body.length + CodedOutputStream.computeByteArraySize(SIGNATURE_FIELD, signature));
    CodedOutputStream o = CodedOutputStream.newInstance(out, body.length, out.length - body.length);
    try {
      o.writeByteArray(SIGNATURE_FIELD, signature);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a signature into an exact buffer failed", e);
    }
    return out;
  }

  /** Fields 1–8: the signed part. */
  static byte[] encodeBody(Delta d) {
    byte[] writer = d.writer().toBytes();
    byte[] author = d.author().toBytes();
    byte[] incarnation = d.incarnation();
    int size =
        CodedOutputStream.computeByteArraySize(1, writer)
            + CodedOutputStream.computeByteArraySize(2, author)
            + CodedOutputStream.computeByteArraySize(3, incarnation)
            + CodedOutputStream.computeUInt64Size(4, d.seq())
            + CodedOutputStream.computeUInt64Size(5, d.height());
    for (BlockRef p : d.parents()) {
      size += CodedOutputStream.computeTagSize(6) + lengthDelimited(parentSize(p));
    }
    for (Delta.Add a : d.adds()) {
      size += addSize(a.key(), a.value().length);
    }
    for (Delta.Remove r : d.removes()) {
      size += removeSize(r.key(), r.dots().size());
    }
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeByteArray(1, writer);
      o.writeByteArray(2, author);
      o.writeByteArray(3, incarnation);
      o.writeUInt64(4, d.seq());
      o.writeUInt64(5, d.height());
      for (BlockRef p : d.parents()) {
        o.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(parentSize(p));
        o.writeByteArray(1, p.cid().toBytes());
        o.writeByteArray(2, p.dot().toBytes());
        o.writeUInt64(3, p.height());
      }
      for (Delta.Add a : d.adds()) {
        o.writeTag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(addInnerSize(a.key(), a.value().length));
        o.writeByteArray(1, a.key().toBytes());
        o.writeByteArray(2, a.value());
      }
      for (Delta.Remove r : d.removes()) {
        o.writeTag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(removeInnerSize(r.key(), r.dots().size()));
        o.writeByteArray(1, r.key().toBytes());
        for (Dot dot : r.dots()) {
          o.writeByteArray(2, dot.toBytes());
        }
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a block into an exact buffer failed", e);
    }
    return out;
  }

  private static int addInnerSize(Cid key, int valueLength) {
    return byteArraySize(1, key.length()) + byteArraySize(2, valueLength);
  }

  private static int removeInnerSize(Cid key, int dots) {
    return byteArraySize(1, key.length()) + dots * byteArraySize(2, Dot.BYTES);
  }

  private static int parentSize(BlockRef p) {
    return CodedOutputStream.computeTagSize(1)
        + lengthDelimited(p.cid().length())
        + CodedOutputStream.computeTagSize(2)
        + lengthDelimited(Dot.BYTES)
        + CodedOutputStream.computeUInt64Size(3, p.height());
  }

  private static int lengthDelimited(int length) {
    return CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }

  private static int byteArraySize(int field, int length) {
    return CodedOutputStream.computeTagSize(field) + lengthDelimited(length);
  }

  private record Parsed(Delta delta, byte[] signature) {}

  private static Parsed parse(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    byte[] writer = null;
    byte[] author = null;
    byte[] incarnation = null;
    long seq = 0;
    long height = 0;
    byte[] signature = null;
    List<BlockRef> parents = new ArrayList<>();
    List<Delta.Add> adds = new ArrayList<>();
    List<Delta.Remove> removes = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1, 2, 3, 6, 7, 8, 15 -> expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        case 4, 5 -> expect(tag, WireFormat.WIRETYPE_VARINT);
        default -> throw new IllegalArgumentException("unknown field " + field);
      }
      switch (field) {
        case 1 -> writer = in.readByteArray();
        case 2 -> author = in.readByteArray();
        case 3 -> incarnation = in.readByteArray();
        case 4 -> seq = in.readUInt64();
        case 5 -> height = in.readUInt64();
        case 6 -> parents.add(parseParent(in.readByteArray()));
        case 7 -> adds.add(parseAdd(in.readByteArray()));
        case 8 -> removes.add(parseRemove(in.readByteArray()));
        default -> signature = in.readByteArray();
      }
    }
    if (writer == null || writer.length != WriterId.BYTES) {
      throw new IllegalArgumentException("writer must be " + WriterId.BYTES + " bytes");
    }
    if (author == null || incarnation == null || signature == null) {
      throw new IllegalArgumentException("author, incarnation or signature is missing");
    }
    Delta delta =
        new Delta(
            WriterId.fromBytes(writer, 0),
            PeerId.fromBytes(author),
            incarnation,
            seq,
            height,
            parents,
            adds,
            removes);
    return new Parsed(delta, signature);
  }

  private static void expect(int tag, int wireType) {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new IllegalArgumentException(
          "field " + WireFormat.getTagFieldNumber(tag) + " has the wrong wire type");
    }
  }

  private static BlockRef parseParent(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    Cid cid = null;
    Dot dot = null;
    long height = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 0x0a -> cid = Cid.fromBytes(in.readByteArray());
        case 0x12 -> dot = dot(in.readByteArray());
        case 0x18 -> height = in.readUInt64();
        default -> throw new IllegalArgumentException("unknown parent field tag " + tag);
      }
    }
    if (cid == null || dot == null) {
      throw new IllegalArgumentException("parent without CID or dot");
    }
    return new BlockRef(cid, dot, height);
  }

  private static Delta.Add parseAdd(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    Cid key = null;
    byte[] value = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 0x0a -> key = Cid.fromBytes(in.readByteArray());
        case 0x12 -> value = in.readByteArray();
        default -> throw new IllegalArgumentException("unknown add field tag " + tag);
      }
    }
    if (key == null || value == null) {
      throw new IllegalArgumentException("add without key or value");
    }
    return new Delta.Add(key, value);
  }

  private static Delta.Remove parseRemove(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    Cid key = null;
    List<Dot> dots = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 0x0a -> key = Cid.fromBytes(in.readByteArray());
        case 0x12 -> dots.add(dot(in.readByteArray()));
        default -> throw new IllegalArgumentException("unknown remove field tag " + tag);
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("remove without key");
    }
    return new Delta.Remove(key, dots);
  }

  private static Dot dot(byte[] bytes) {
    if (bytes.length != Dot.BYTES) {
      throw new IllegalArgumentException("a dot is " + Dot.BYTES + " bytes, got " + bytes.length);
    }
    return Dot.fromBytes(bytes, 0);
  }

  private static InvalidBlockException invalid(Cid cid, String what) {
    return new InvalidBlockException("CRDT block " + cid + " " + what);
  }

  private static InvalidBlockException invalid(Cid cid, String what, Throwable cause) {
    return new InvalidBlockException("CRDT block " + cid + " " + what, cause);
  }
}

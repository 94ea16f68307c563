package io.ipfscluster.consensus.crdt.sync;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ipfscluster.consensus.crdt.BlockRef;
import io.ipfscluster.consensus.crdt.Dot;
import io.ipfscluster.consensus.crdt.HeadAnnouncement;
import io.ipfscluster.consensus.crdt.VersionVector;
import io.ipfscluster.consensus.crdt.WriterId;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.CrdtBlockRef;
import io.ipfscluster.net.rpc.wire.CrdtHeads;
import io.ipfscluster.net.rpc.wire.CrdtVersion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of a {@link HeadAnnouncement} on the CRDT topic: the protobuf {@code CrdtHeads}
 * (peer_rpc.proto), without the sender, which is the gossip message's verified signer. Decoding
 * checks every field and the limits below, so that whatever a peer sends either becomes a valid
 * announcement or a {@link MalformedHeadsException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeadsCodec {
  /** Heads in one announcement, at most: more than the writers that ever write at once. */
  public static final int MAX_HEADS = 4096;

  /** Version vector entries in one announcement, at most. */
  public static final int MAX_WRITERS = 16384;

  /** The length of a state digest (SHA-256). */
  static final int DIGEST_BYTES = 32;

  private HeadsCodec() {}

  /**
   * Encodes {@code a} without its sender.
   *
   * @throws IllegalArgumentException if it has more heads or writers than the limits, or its digest
   *     is not 64 hex characters
   */
  public static byte[] encode(HeadAnnouncement a) {
    if (a.heads().size() > MAX_HEADS || a.versionVector().entries().size() > MAX_WRITERS) {
      throw new IllegalArgumentException(
          "cannot announce "
              + a.heads().size()
              + " heads and "
              + a.versionVector().entries().size()
              + " writers: at most "
              + MAX_HEADS
              + " and "
              + MAX_WRITERS);
    }
    byte[] digest = HexFormat.of().parseHex(a.stateDigest());
    if (digest.length != DIGEST_BYTES) {
      throw new IllegalArgumentException("state digest is not SHA-256: " + a.stateDigest());
    }
    CrdtHeads.Builder out = CrdtHeads.newBuilder().setStateDigest(ByteString.copyFrom(digest));
    for (BlockRef h : a.heads()) {
      out.addHeads(
          CrdtBlockRef.newBuilder()
              .setCid(ByteString.copyFrom(h.cid().toBytes()))
              .setDot(ByteString.copyFrom(h.dot().toBytes()))
              .setHeight(h.height()));
    }
    for (byte[] b : a.blocks()) {
      out.addBlocks(ByteString.copyFrom(b));
    }
    for (Map.Entry<WriterId, Long> e : a.versionVector().entries().entrySet()) {
      out.addVersionVector(
          CrdtVersion.newBuilder()
              .setWriter(ByteString.copyFrom(e.getKey().toBytes()))
              .setSeq(e.getValue()));
    }
    return out.build().toByteArray();
  }

  /**
   * Decodes what {@code sender} published.
   *
   * @throws MalformedHeadsException if {@code data} is not a valid announcement
   */
  public static HeadAnnouncement decode(PeerId sender, byte[] data) {
    CrdtHeads m;
    try {
      m = CrdtHeads.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedHeadsException("not a CRDT heads message: " + e.getMessage(), e);
    }
    if (m.getHeadsCount() > MAX_HEADS) {
      throw malformed(m.getHeadsCount() + " heads, at most " + MAX_HEADS);
    }
    if (m.getVersionVectorCount() > MAX_WRITERS) {
      throw malformed(
          m.getVersionVectorCount() + " version vector entries, at most " + MAX_WRITERS);
    }
    if (m.getStateDigest().size() != DIGEST_BYTES) {
      throw malformed(
          "state digest of " + m.getStateDigest().size() + " bytes, not " + DIGEST_BYTES);
    }
    long inline = 0;
    List<byte[]> blocks = new ArrayList<>(m.getBlocksCount());
    for (ByteString b : m.getBlocksList()) {
      inline += b.size();
      blocks.add(b.toByteArray());
    }
    if (inline > HeadAnnouncement.MAX_INLINE_BYTES) {
      throw malformed(
          inline + " bytes of inline blocks, at most " + HeadAnnouncement.MAX_INLINE_BYTES);
    }
    try {
      List<BlockRef> heads = new ArrayList<>(m.getHeadsCount());
      for (CrdtBlockRef h : m.getHeadsList()) {
        heads.add(new BlockRef(Cid.fromBytes(h.getCid().toByteArray()), dot(h), h.getHeight()));
      }
      TreeMap<WriterId, Long> vector = new TreeMap<>();
      for (CrdtVersion v : m.getVersionVectorList()) {
        if (v.getWriter().size() != WriterId.BYTES) {
          throw malformed("writer ID of " + v.getWriter().size() + " bytes");
        }
        if (vector.put(WriterId.fromBytes(v.getWriter().toByteArray(), 0), v.getSeq()) != null) {
          throw malformed(
              "writer " + WriterId.fromBytes(v.getWriter().toByteArray(), 0) + " twice");
        }
      }
      return new HeadAnnouncement(
          sender,
          heads,
          new VersionVector(vector),
          HexFormat.of().formatHex(m.getStateDigest().toByteArray()),
          blocks);
    } catch (MalformedHeadsException e) {
      throw e;
    } catch (RuntimeException e) { // a bad CID, a height or seq below 1
      throw new MalformedHeadsException("invalid CRDT heads message: " + e.getMessage(), e);
    }
  }

  private static Dot dot(CrdtBlockRef h) {
    if (h.getDot().size() != Dot.BYTES) {
      throw malformed("dot of " + h.getDot().size() + " bytes, not " + Dot.BYTES);
    }
    byte[] dot = h.getDot().toByteArray();
    if (ByteBuffer.wrap(dot, WriterId.BYTES, 8).getLong() < 1) {
      throw malformed("dot sequence number below 1");
    }
    return Dot.fromBytes(dot, 0);
  }

  private static MalformedHeadsException malformed(String what) {
    return new MalformedHeadsException("invalid CRDT heads message: " + what, null);
  }
}

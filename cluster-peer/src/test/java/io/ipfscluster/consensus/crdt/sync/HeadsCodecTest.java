package io.ipfscluster.consensus.crdt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ipfscluster.consensus.crdt.BlockRef;
import io.ipfscluster.consensus.crdt.Dot;
import io.ipfscluster.consensus.crdt.HeadAnnouncement;
import io.ipfscluster.consensus.crdt.VersionVector;
import io.ipfscluster.consensus.crdt.WriterId;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.CrdtBlockRef;
import io.ipfscluster.net.rpc.wire.CrdtHeads;
import io.ipfscluster.net.rpc.wire.CrdtVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeadsCodecTest {
  private static final PeerId SENDER = Identity.generate().peerId();
  private static final String DIGEST = "ab".repeat(32);

  private static Cid cid(int i) {
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, new byte[] {(byte) i}));
  }

  private static WriterId writer(int i) {
    return new WriterId(i, -i);
  }

  private static HeadAnnouncement announcement(int heads) {
    List<BlockRef> refs = new ArrayList<>();
    TreeMap<WriterId, Long> vector = new TreeMap<>();
    for (int i = 1; i <= heads; i++) {
      refs.add(new BlockRef(cid(i), new Dot(writer(i), 10L + i), 100L + i));
      vector.put(writer(i), 10L + i);
    }
    return new HeadAnnouncement(SENDER, refs, new VersionVector(vector), DIGEST);
  }

  private static CrdtHeads.Builder valid() {
    return CrdtHeads.newBuilder()
        .setStateDigest(ByteString.copyFrom(new byte[32]))
        .addHeads(
            CrdtBlockRef.newBuilder()
                .setCid(ByteString.copyFrom(cid(1).toBytes()))
                .setDot(ByteString.copyFrom(new Dot(writer(1), 1).toBytes()))
                .setHeight(1));
  }

  @Test
  void decode_encodedAnnouncement_isEqual() {
    HeadAnnouncement a = announcement(3);

    assertThat(HeadsCodec.decode(SENDER, HeadsCodec.encode(a))).isEqualTo(a);
  }

  @Test
  void decode_emptyReplica_hasNoHeadsAndAnEmptyVector() {
    HeadAnnouncement empty = new HeadAnnouncement(SENDER, List.of(), VersionVector.EMPTY, DIGEST);

    assertThat(HeadsCodec.decode(SENDER, HeadsCodec.encode(empty))).isEqualTo(empty);
  }

  @Test
  void decode_withTheSender_ignoresNoneInTheBytes() {
    PeerId other = Identity.generate().peerId();

    assertThat(HeadsCodec.decode(other, HeadsCodec.encode(announcement(1))).sender())
        .isEqualTo(other);
  }

  @Test
  void decode_validMessage_isAccepted() {
    assertThat(HeadsCodec.decode(SENDER, valid().build().toByteArray()).heads()).hasSize(1);
  }

  @Test
  void decode_randomBytes_isRejected() {
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[1 + random.nextInt(200)];
      random.nextBytes(junk);
      try {
        HeadsCodec.decode(SENDER, junk);
      } catch (MalformedHeadsException expected) {
        // the only failure allowed
      }
    }
    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, new byte[] {(byte) 0xff}))
        .isInstanceOf(MalformedHeadsException.class);
  }

  @Test
  void decode_digestOfWrongLength_isRejected() {
    byte[] bytes = valid().setStateDigest(ByteString.copyFrom(new byte[31])).build().toByteArray();

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, bytes))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("state digest of 31 bytes");
  }

  @Test
  void decode_shortDot_isRejected() {
    CrdtHeads.Builder m = valid();
    m.setHeads(0, m.getHeads(0).toBuilder().setDot(ByteString.copyFrom(new byte[23])));

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, m.build().toByteArray()))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("dot of 23 bytes");
  }

  @Test
  void decode_zeroHeight_isRejected() {
    CrdtHeads.Builder m = valid();
    m.setHeads(0, m.getHeads(0).toBuilder().setHeight(0));

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, m.build().toByteArray()))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("height");
  }

  @Test
  void decode_badCid_isRejected() {
    CrdtHeads.Builder m = valid();
    m.setHeads(0, m.getHeads(0).toBuilder().setCid(ByteString.copyFrom(new byte[] {1, 2, 3})));

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, m.build().toByteArray()))
        .isInstanceOf(MalformedHeadsException.class);
  }

  @Test
  void decode_writerTwiceInTheVector_isRejected() {
    CrdtVersion v =
        CrdtVersion.newBuilder()
            .setWriter(ByteString.copyFrom(writer(1).toBytes()))
            .setSeq(2)
            .build();
    byte[] bytes = valid().addVersionVector(v).addVersionVector(v).build().toByteArray();

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, bytes))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void decode_tooManyHeads_isRejected() {
    CrdtHeads.Builder m = valid();
    for (int i = 0; i < HeadsCodec.MAX_HEADS; i++) {
      m.addHeads(m.getHeads(0));
    }

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, m.build().toByteArray()))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("heads, at most " + HeadsCodec.MAX_HEADS);
  }

  @Test
  void encode_tooManyHeads_isRefused() {
    HeadAnnouncement big = announcement(HeadsCodec.MAX_HEADS + 1);

    assertThatThrownBy(() -> HeadsCodec.encode(big)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encode_maxHeads_fitsAGossipFrame() {
    assertThat(HeadsCodec.encode(announcement(HeadsCodec.MAX_HEADS)).length).isLessThan(1 << 20);
  }

  @Test
  void decode_withInlineBlocks_keepsTheirBytes() {
    HeadAnnouncement a = announcement(1);
    HeadAnnouncement inline =
        new HeadAnnouncement(
            SENDER,
            a.heads(),
            a.versionVector(),
            a.stateDigest(),
            List.of(new byte[] {1, 2, 3}, new byte[] {4}));

    assertThat(HeadsCodec.decode(SENDER, HeadsCodec.encode(inline)).blocks())
        .containsExactly(new byte[] {1, 2, 3}, new byte[] {4});
  }

  @Test
  void decode_inlineBlocksOverTheLimit_isMalformed() {
    byte[] data =
        valid()
            .addBlocks(ByteString.copyFrom(new byte[HeadAnnouncement.MAX_INLINE_BYTES]))
            .addBlocks(ByteString.copyFrom(new byte[1]))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> HeadsCodec.decode(SENDER, data))
        .isInstanceOf(MalformedHeadsException.class)
        .hasMessageContaining("inline blocks");
  }
}

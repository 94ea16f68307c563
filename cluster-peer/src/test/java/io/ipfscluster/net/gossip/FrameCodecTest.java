package io.ipfscluster.net.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private final Identity alice = Identity.fromSeed(new byte[32]);

  private GossipMessage message(long seqno, String data) {
    return GossipMessage.sign(alice, seqno, "t", data.getBytes(StandardCharsets.UTF_8));
  }

  private static Frame messagesOnly(GossipMessage... m) {
    return new Frame(List.of(), List.of(m), List.of(), List.of(), List.of(), List.of());
  }

  @Test
  void decode_ofEncode_returnsEveryPart() throws Exception {
    GossipMessage m = message(Long.MAX_VALUE, "payload ✓");
    MessageId id = new MessageId(alice.peerId(), 5);
    Frame f =
        new Frame(
            List.of(
                new Frame.SubscriptionChange("a", true), new Frame.SubscriptionChange("b", false)),
            List.of(m, message(0, "")),
            List.of(new Frame.IHave("a", List.of(id, m.id()))),
            List.of(id),
            List.of("a", "c"),
            List.of("b"));

    Frame back = FrameCodec.decode(FrameCodec.encode(f));

    assertThat(back).isEqualTo(f);
    assertThat(back.messages().get(0).hasValidSignature()).isTrue();
  }

  @Test
  void decode_emptyFrame_isEmpty() throws Exception {
    assertThat(FrameCodec.decode(new byte[0]).isEmpty()).isTrue();
  }

  @Test
  void decode_unknownFields_areSkipped() throws Exception {
    byte[] known = FrameCodec.encode(messagesOnly(message(1, "x")));
    byte[] unknown = new ProtoWriter().uint64(9, 300).string(10, "future").toByteArray();
    byte[] both = Arrays.copyOf(unknown, unknown.length + known.length);
    System.arraycopy(known, 0, both, unknown.length, known.length);

    assertThat(FrameCodec.decode(both).messages()).containsExactly(message(1, "x"));
  }

  @Test
  void encodedSize_matchesTheBytesAMessageAdds() {
    GossipMessage m = message(77, "x".repeat(300));
    assertThat(FrameCodec.encodedSize(m)).isEqualTo(FrameCodec.encode(messagesOnly(m)).length);
  }

  @Test
  void signedBytes_differWhenAnySignedFieldDiffers() {
    byte[] base = FrameCodec.signedBytes(alice.peerId(), 1, "t", new byte[] {1});
    Identity bob =
        Identity.fromSeed(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    assertThat(FrameCodec.signedBytes(bob.peerId(), 1, "t", new byte[] {1})).isNotEqualTo(base);
    assertThat(FrameCodec.signedBytes(alice.peerId(), 2, "t", new byte[] {1})).isNotEqualTo(base);
    assertThat(FrameCodec.signedBytes(alice.peerId(), 1, "u", new byte[] {1})).isNotEqualTo(base);
    assertThat(FrameCodec.signedBytes(alice.peerId(), 1, "t", new byte[] {2})).isNotEqualTo(base);
  }

  @Test
  void decode_messageWithoutSignature_isMalformed() {
    byte[] msg = new ProtoWriter().bytes(1, alice.peerId().toBytes()).string(3, "t").toByteArray();
    byte[] frame = new ProtoWriter().bytes(2, msg).toByteArray();
    assertThatThrownBy(() -> FrameCodec.decode(frame))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("message signature is missing");
  }

  @Test
  void decode_shortSignature_isMalformed() {
    byte[] msg =
        new ProtoWriter()
            .bytes(1, alice.peerId().toBytes())
            .string(3, "t")
            .bytes(5, new byte[10])
            .toByteArray();
    byte[] frame = new ProtoWriter().bytes(2, msg).toByteArray();
    assertThatThrownBy(() -> FrameCodec.decode(frame))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("64 bytes, got 10");
  }

  @Test
  void decode_emptyTopic_isMalformed() {
    byte[] frame = new ProtoWriter().string(5, "").toByteArray();
    assertThatThrownBy(() -> FrameCodec.decode(frame))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("topic must not be empty");
  }

  @Test
  void decode_lengthBeyondTheFrame_isMalformed() {
    byte[] frame = {0x2A, 0x7F, 'a'};
    assertThatThrownBy(() -> FrameCodec.decode(frame))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("overruns");
  }

  @Test
  void decode_nestedLengthBeyondItsMessage_isMalformed() {
    // A MsgId (field 4) of 3 bytes whose inner field claims 5: it must not read the outer bytes.
    byte[] frame = {0x22, 0x03, 0x0A, 0x05, 0x00, 0x01, 0x02, 0x03, 0x04};
    assertThatThrownBy(() -> FrameCodec.decode(frame))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("overruns");
  }
}

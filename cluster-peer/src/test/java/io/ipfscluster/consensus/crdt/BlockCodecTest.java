package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.incarnation;
import static io.ipfscluster.consensus.crdt.TestPins.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
  private static final Identity ALICE = identity(1);
  private static final Identity MALLORY = identity(2);
  private static final byte[] INCARNATION = incarnation(1);
  private static final WriterId WRITER = WriterId.of(ALICE.peerId(), INCARNATION);
  private static final WriterId OTHER = WriterId.of(MALLORY.peerId(), incarnation(2));

  static Delta delta(
      long seq, List<BlockRef> parents, List<Delta.Add> adds, List<Delta.Remove> rm) {
    long height = 1 + parents.stream().mapToLong(BlockRef::height).max().orElse(0);
    return new Delta(WRITER, ALICE.peerId(), INCARNATION, seq, height, parents, adds, rm);
  }

  static Delta sample() {
    BlockRef parent = new BlockRef(BlockCodec.cidOf(new byte[] {1}), new Dot(OTHER, 4), 7);
    return delta(
        3,
        List.of(parent),
        sorted(new Delta.Add(cid(1), value(1, "a")), new Delta.Add(cid(2), value(2, "b"))),
        List.of(new Delta.Remove(cid(2), List.of(new Dot(OTHER, 2), new Dot(OTHER, 3)))));
  }

  static List<Delta.Add> sorted(Delta.Add... adds) {
    return Arrays.stream(adds).sorted((x, y) -> x.key().compareTo(y.key())).toList();
  }

  @Test
  void sign_thenDecode_givesTheSameBlock() {
    DeltaBlock signed = BlockCodec.sign(sample(), ALICE);

    DeltaBlock decoded = BlockCodec.decode(signed.cid(), signed.bytes());

    assertThat(decoded.cid()).isEqualTo(signed.cid());
    assertThat(decoded.bytes()).isEqualTo(signed.bytes());
    Delta d = decoded.delta();
    assertThat(d.dot()).isEqualTo(new Dot(WRITER, 3));
    assertThat(d.height()).isEqualTo(8);
    assertThat(d.author()).isEqualTo(ALICE.peerId());
    assertThat(d.parents()).isEqualTo(sample().parents());
    assertThat(d.adds()).extracting(Delta.Add::key).containsExactlyInAnyOrder(cid(1), cid(2));
    assertThat(d.adds()).extracting(Delta.Add::key).isSorted();
    assertThat(d.adds().stream().filter(a -> a.key().equals(cid(2))).findFirst().get().value())
        .isEqualTo(value(2, "b"));
    assertThat(d.removes()).isEqualTo(sample().removes());
  }

  @Test
  void cid_isV1RawSha256_andDeterministic() {
    DeltaBlock a = BlockCodec.sign(sample(), ALICE);
    DeltaBlock b = BlockCodec.sign(sample(), ALICE);

    assertThat(a.cid().version()).isEqualTo(1);
    assertThat(a.cid().codec()).isEqualTo(Multicodec.RAW.code());
    assertThat(a.cid().multihash().code()).isEqualTo(HashFunction.SHA2_256.code());
    assertThat(a.cid()).isEqualTo(b.cid()); // Ed25519 signatures are deterministic
  }

  @Test
  void decode_withCidOfOtherBytes_isRejected() {
    DeltaBlock signed = BlockCodec.sign(sample(), ALICE);

    assertThatThrownBy(() -> BlockCodec.decode(cid(9), signed.bytes()))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("does not match its bytes");
  }

  @Test
  void decode_signedByAnotherKey_isRejected() {
    // Mallory signs a block that claims Alice as author: the bytes are canonical, the signature
    // is Mallory's.
    byte[] body = BlockCodec.encodeBody(sample());
    byte[] message = concat("ipfs-cluster/crdt/block/v1\0".getBytes(), body);
    byte[] forged = withSignature(body, MALLORY.sign(message));

    assertThatThrownBy(() -> BlockCodec.decode(forged))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("signature that is not its author's");
  }

  @Test
  void decode_withAlteredContent_isRejected() {
    byte[] bytes = BlockCodec.sign(sample(), ALICE).bytes();
    // Flip a byte inside the first add's value: still canonical, no longer what Alice signed.
    int at = indexOf(bytes, value(1, "a")) + 4;
    bytes[at] ^= 1;

    assertThatThrownBy(() -> BlockCodec.decode(bytes)).isInstanceOf(InvalidBlockException.class);
  }

  @Test
  void decode_withUnknownField_isRejected() throws Exception {
    byte[] bytes = BlockCodec.sign(sample(), ALICE).bytes();
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(extra);
    out.writeUInt64(14, 1);
    out.flush();
    byte[] withExtra = concat(bytes, extra.toByteArray());

    assertThatThrownBy(() -> BlockCodec.decode(withExtra))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("unknown field 14");
  }

  @Test
  void decode_withFieldsOutOfOrder_isRejected() throws Exception {
    byte[] bytes = BlockCodec.sign(sample(), ALICE).bytes();
    // Move the writer field (tag 0x0a, 16 bytes) to the end: same fields, other order.
    byte[] writerField = Arrays.copyOfRange(bytes, 0, 18);
    byte[] reordered = concat(Arrays.copyOfRange(bytes, 18, bytes.length), writerField);

    assertThatThrownBy(() -> BlockCodec.decode(reordered))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void decode_withNonMinimalVarint_isRejected() {
    byte[] bytes = BlockCodec.sign(sample(), ALICE).bytes();
    int seqAt = indexOf(bytes, new byte[] {0x20, 0x03}); // field 4 (seq) = 3
    byte[] padded =
        concat(
            Arrays.copyOfRange(bytes, 0, seqAt + 1),
            new byte[] {(byte) 0x83, 0x00},
            Arrays.copyOfRange(bytes, seqAt + 2, bytes.length));

    assertThatThrownBy(() -> BlockCodec.decode(padded))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void decode_ofMoreThanOneMebibyte_isRejected() {
    byte[] big = new byte[BlockCodec.MAX_BLOCK_BYTES + 1];

    assertThatThrownBy(() -> BlockCodec.decode(big))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("more than 1048576");
  }

  @Test
  void decode_withAValueThatIsNoPin_isRejected() {
    Delta delta =
        delta(1, List.of(), List.of(new Delta.Add(cid(1), new byte[] {(byte) 0xff})), List.of());
    DeltaBlock block = BlockCodec.sign(delta, ALICE);

    assertThatThrownBy(() -> BlockCodec.decode(block.bytes()))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("invalid pin for " + cid(1));
  }

  @Test
  void delta_breakingTheRules_isRejected() {
    Delta.Add a1 = new Delta.Add(cid(1), value(1, "a"));
    Delta.Add a2 = new Delta.Add(cid(2), value(2, "b"));
    Delta.Add first =
        Arrays.asList(a1, a2).stream().min((x, y) -> x.key().compareTo(y.key())).get();
    Delta.Add second = first == a1 ? a2 : a1;
    assertThatIllegalArgumentException()
        .isThrownBy(() -> delta(1, List.of(), List.of(second, first), List.of()))
        .withMessageContaining("adds out of order");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Delta(
                    WRITER, ALICE.peerId(), INCARNATION, 1, 2, List.of(), List.of(a1), List.of()))
        .withMessageContaining("height must be 1");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Delta(
                    OTHER, ALICE.peerId(), INCARNATION, 1, 1, List.of(), List.of(a1), List.of()))
        .withMessageContaining("does not belong to author");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                delta(
                    2,
                    List.of(),
                    List.of(),
                    List.of(new Delta.Remove(cid(1), List.of(new Dot(WRITER, 2))))))
        .withMessageContaining("names the block itself");
    BlockRef later = new BlockRef(cid(5), new Dot(WRITER, 3), 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> delta(2, List.of(later), List.of(a1), List.of()))
        .withMessageContaining("not an earlier block");
  }

  @Test
  void writerId_dependsOnPeerAndIncarnation() {
    assertThat(WriterId.of(ALICE.peerId(), INCARNATION)).isEqualTo(WRITER);
    assertThat(WriterId.of(ALICE.peerId(), incarnation(3))).isNotEqualTo(WRITER);
    assertThat(WriterId.of(MALLORY.peerId(), INCARNATION)).isNotEqualTo(WRITER);
    assertThat(WriterId.fromBytes(WRITER.toBytes(), 0)).isEqualTo(WRITER);
  }

  @Test
  void sizeHelpers_matchTheEncoding() {
    Delta empty = delta(1, sample().parents(), List.of(), List.of());
    Delta full = sample();
    int body = BlockCodec.encodeBody(full).length - BlockCodec.encodeBody(empty).length;
    int predicted =
        BlockCodec.addSize(cid(1), value(1, "a").length)
            + BlockCodec.addSize(cid(2), value(2, "b").length)
            + BlockCodec.removeSize(cid(2), 2);

    assertThat(body).isEqualTo(predicted);
    assertThat(BlockCodec.sign(empty, ALICE).bytes().length)
        .isLessThanOrEqualTo(BlockCodec.overheadSize(ALICE.peerId(), empty.parents()));
  }

  static byte[] withSignature(byte[] body, byte[] signature) {
    byte[] field = new byte[2 + signature.length];
    field[0] = (byte) (15 << 3 | 2);
    field[1] = (byte) signature.length;
    System.arraycopy(signature, 0, field, 2, signature.length);
    return concat(body, field);
  }

  static byte[] concat(byte[]... parts) {
    return ReplicaKeys.concat(parts);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}

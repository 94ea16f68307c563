package io.ipfscluster.ipfs.ipld;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PbNodeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid EMPTY_FILE = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  private static final Cid EMPTY_DIR = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

  @Test
  void encode_emptyFile_isKubosEmptyFileNode() {
    byte[] block = PbNode.ofData(UnixfsData.file(null, 0, List.of()).encode()).encode();

    assertThat(HEX.formatHex(block)).isEqualTo("0a0408021800");
    assertThat(CidPrefix.V0.sum(block)).isEqualTo(EMPTY_FILE);
  }

  @Test
  void encode_emptyDirectory_isKubosEmptyDirectory() {
    byte[] block = PbNode.ofData(UnixfsData.directory().encode()).encode();

    assertThat(HEX.formatHex(block)).isEqualTo("0a020801");
    assertThat(CidPrefix.V0.sum(block)).isEqualTo(EMPTY_DIR);
  }

  @Test
  void encode_helloWorldLeaf_matchesTheWellKnownCid() {
    byte[] text = "hello world\n".getBytes(UTF_8);
    byte[] block = PbNode.ofData(UnixfsData.file(text, text.length, List.of()).encode()).encode();

    assertThat(CidPrefix.V0.sum(block))
        .hasToString("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
  }

  @Test
  void encode_writesLinksBeforeDataAndEveryPresentLinkField() {
    PbNode node =
        new PbNode(
            List.of(PbLink.of(EMPTY_FILE, "", 6), new PbLink(EMPTY_DIR, null, null)),
            new byte[] {8, 1});

    String hex = HEX.formatHex(node.encode());

    String file = HEX.formatHex(EMPTY_FILE.toBytes());
    String dir = HEX.formatHex(EMPTY_DIR.toBytes());
    assertThat(hex)
        .isEqualTo("1228" + "0a22" + file + "1200" + "1806" + "1224" + "0a22" + dir + "0a020801");
  }

  @Test
  void decode_ofEncode_roundTrips() {
    PbNode node =
        new PbNode(
            List.of(PbLink.of(EMPTY_FILE, "a", 6), PbLink.of(EMPTY_DIR, "b", 4)),
            UnixfsData.directory().encode());

    assertThat(PbNode.decode(node.encode())).isEqualTo(node);
    assertThat(PbNode.decode(new byte[0])).isEqualTo(new PbNode(List.of(), null));
    assertThat(PbNode.decode(HEX.parseHex("0a00")).data()).isEmpty();
  }

  @Test
  void cumulativeSize_addsTheLinksTsizes() {
    PbNode node =
        new PbNode(List.of(PbLink.of(EMPTY_FILE, "", 6), PbLink.of(EMPTY_DIR, "", 4)), null);

    assertThat(node.cumulativeSize(node.encode().length)).isEqualTo(node.encode().length + 10);
  }

  @Test
  void sortedByName_comparesUtf8BytesAndIsStable() {
    PbLink emoji = PbLink.of(EMPTY_FILE, "\uD83D\uDE00", 1); // U+1F600: F0 9F 98 80
    PbLink halfwidth = PbLink.of(EMPTY_FILE, "\uFF61", 1); // U+FF61: EF BD A1
    PbLink first = PbLink.of(EMPTY_FILE, "", 1);
    PbLink second = PbLink.of(EMPTY_DIR, "", 2);
    PbNode node = new PbNode(List.of(emoji, first, halfwidth, second), null);

    assertThat(node.sortedByName().links()).containsExactly(first, second, halfwidth, emoji);
  }

  @Test
  void decode_dataBeforeLinks_isRejected() {
    byte[] bad = concat(HEX.parseHex("0a00"), linkBytes());

    assertThatThrownBy(() -> PbNode.decode(bad))
        .isInstanceOf(IpldException.class)
        .hasMessageContaining("Links after Data at byte 2");
  }

  @Test
  void decode_malformedInput_namesTheProblemAndOffset() {
    assertRejected("0a000a00", "duplicate Data at byte 2");
    assertRejected("1a00", "unexpected field 3");
    assertRejected("0a05aabb", "runs past the end");
    assertRejected("0a", "truncated varint at byte 1");
    assertRejected("1202" + "1200", "missing Hash");
    assertRejected("1204" + "1200" + "1200", "repeated field 2");
    assertRejected("1206" + "1801" + "0a02aabb", "field 1 out of order");
    assertRejected("1204" + "0a02aabb", "Hash is not a CID");
    assertRejected("1202" + "0800", "unexpected field 1 (wire type 0)");
  }

  private static void assertRejected(String hex, String message) {
    assertThatThrownBy(() -> PbNode.decode(HEX.parseHex(hex)))
        .as(hex)
        .isInstanceOf(IpldException.class)
        .hasMessageContaining(message);
  }

  private static byte[] linkBytes() {
    return new PbNode(List.of(PbLink.of(EMPTY_FILE, "", 6)), null).encode();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

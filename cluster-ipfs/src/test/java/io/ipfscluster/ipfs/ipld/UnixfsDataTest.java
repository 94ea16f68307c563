package io.ipfscluster.ipfs.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixfsDataTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encode_writesPresentFieldsInNumberOrder() {
    assertThat(HEX.formatHex(UnixfsData.directory().encode())).isEqualTo("0801");
    assertThat(HEX.formatHex(UnixfsData.raw(new byte[] {(byte) 0xaa}).encode()))
        .isEqualTo("080012" + "01aa" + "1801");
    assertThat(HEX.formatHex(UnixfsData.file(null, 300, List.of(200L, 100L)).encode()))
        .isEqualTo("0802" + "18ac02" + "20c801" + "2064");
    assertThat(HEX.formatHex(UnixfsData.hamtShard(new byte[] {1, 2}, 256, 0x22).encode()))
        .isEqualTo("0805" + "12020102" + "2822" + "308002");
    assertThat(HEX.formatHex(UnixfsData.symlink(new byte[] {'a'}).encode()))
        .isEqualTo("0804" + "120161");
  }

  @Test
  void encode_modeAndMtime_useVarintAndFixed32() {
    UnixfsData d = UnixfsData.directory().withStat(0755, new UnixfsTime(1, 2));

    assertThat(HEX.formatHex(d.encode()))
        .isEqualTo("0801" + "38ed03" + "4207" + "0801" + "1502000000");
  }

  @Test
  void leafBlock_equalsTheTwoStepEncoding() {
    byte[] chunk = new byte[300];
    chunk[7] = 7;
    for (UnixfsType type : List.of(UnixfsType.FILE, UnixfsType.RAW)) {
      UnixfsData data = new UnixfsData(type, chunk, 300L, List.of(), null, null, null, null);
      assertThat(UnixfsData.leafBlock(type, chunk))
          .isEqualTo(PbNode.ofData(data.encode()).encode());
    }
    assertThat(UnixfsData.leafBlock(UnixfsType.FILE, null))
        .isEqualTo(PbNode.ofData(UnixfsData.file(null, 0, List.of()).encode()).encode());
  }

  @Test
  void decode_ofEncode_roundTripsEveryField() {
    UnixfsData all =
        new UnixfsData(
            UnixfsType.HAMT_SHARD,
            new byte[] {1},
            5L,
            List.of(1L, 2L, 3L),
            0x22L,
            256L,
            0644,
            new UnixfsTime(-86400, 999_999_999));

    assertThat(UnixfsData.decode(all.encode())).isEqualTo(all);
    assertThat(UnixfsData.decode(UnixfsData.directory().encode()))
        .isEqualTo(UnixfsData.directory());
  }

  @Test
  void decode_packedBlocksizesAndUnknownFields_areAccepted() {
    UnixfsData d = UnixfsData.decode(HEX.parseHex("0802" + "2203c80164" + "1803" + "5801"));

    assertThat(d.blockSizes()).containsExactly(200L, 100L);
    assertThat(d.fileSize()).isEqualTo(3L);
  }

  @Test
  void decode_malformedInput_isRejectedWithOffset() {
    assertRejected("1801", "missing required field Type");
    assertRejected("0809", "unknown Type 9 at byte 0");
    assertRejected("0a00", "field 1 has wire type 2");
    assertRejected("080212", "truncated varint at byte 3");
    assertRejected("08024200", "missing required field seconds");
  }

  private static void assertRejected(String hex, String message) {
    assertThatThrownBy(() -> UnixfsData.decode(HEX.parseHex(hex)))
        .as(hex)
        .isInstanceOf(IpldException.class)
        .hasMessageContaining(message);
  }
}

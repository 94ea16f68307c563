package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The examples of the unsigned-varint spec, plus 0 and the largest value it allows. */
  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "255, ff01",
    "300, ac02",
    "16384, 808001",
    "9223372036854775807, ffffffffffffffff7f",
  })
  void encodeAndRead_specExamples_matchTheSpec(long value, String hex) {
    byte[] bytes = HEX.parseHex(hex);

    assertThat(HEX.formatHex(Varint.encode(value))).isEqualTo(hex);
    assertThat(Varint.size(value)).isEqualTo(bytes.length);
    assertThat(Varint.read(bytes, 0)).isEqualTo(value);
  }

  @Test
  void read_atAnOffset_readsTheVarintThere() {
    byte[] bytes = HEX.parseHex("ff" + "ac02" + "01");

    assertThat(Varint.read(bytes, 1)).isEqualTo(300);
    assertThat(Varint.read(bytes, 3)).isEqualTo(1);
  }

  @Test
  void write_intoArrayAndStream_writeTheSameBytes() {
    byte[] out = new byte[4];
    int end = Varint.write(16384, out, 1);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    Varint.write(16384, stream);

    assertThat(end).isEqualTo(4);
    assertThat(HEX.formatHex(out)).isEqualTo("00808001");
    assertThat(HEX.formatHex(stream.toByteArray())).isEqualTo("808001");
  }

  /** The spec: "the only number that can end in 0x00 is 0"; {0x81 0x00} is Go's 1, not ours. */
  @ParameterizedTest
  @ValueSource(strings = {"8100", "ff00", "808000", "8080808000", "ffffffffffffffff00"})
  void read_nonMinimalEncoding_isRejected(String hex) {
    assertThatThrownBy(() -> Varint.read(HEX.parseHex(hex), 0))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("not minimally encoded")
        .hasMessageContaining(hex);
  }

  /** At most 9 bytes (63 bits), so 2^63 and anything longer is rejected. */
  @ParameterizedTest
  @ValueSource(strings = {"80808080808080808001", "ffffffffffffffffff01", "ffffffffffffffffff7f"})
  void read_tenByteVarint_isRejected(String hex) {
    assertThatThrownBy(() -> Varint.read(HEX.parseHex(hex), 0))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("longer than 9 bytes")
        .hasMessageContaining(hex.substring(0, 18));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "80", "ffff", "8080808080808080"})
  void read_truncatedVarint_isRejected(String hex) {
    assertThatThrownBy(() -> Varint.read(HEX.parseHex(hex), 0))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void read_offsetPastTheEnd_isRejectedAsTruncated() {
    assertThatThrownBy(() -> Varint.read(new byte[] {1}, 1))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("truncated varint at byte 1");
  }

  @Test
  void encode_negativeValue_isRejected() {
    assertThatThrownBy(() -> Varint.encode(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42, 20240601})
  void encodeThenRead_randomValuesOfEveryLength_roundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      long value = (random.nextLong() >>> 1) >>> random.nextInt(63);
      byte[] bytes = Varint.encode(value);

      assertThat(Varint.read(bytes, 0)).as("value %d", value).isEqualTo(value);
      assertThat(bytes).hasSize(Varint.size(value)).hasSizeLessThanOrEqualTo(Varint.MAX_BYTES);
    }
  }
}

package io.ipfscluster.ipfs.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagCborTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid CID =
      Cid.parse("bafyreibmdfd7c5db4kls4ty57zljfhqv36gi43l6txl44pi423wwmeskwy");

  @Test
  void encode_scalars_useTheShortestHeads() {
    assertThat(hex(0L)).isEqualTo("00");
    assertThat(hex(23)).isEqualTo("17");
    assertThat(hex(24)).isEqualTo("1818");
    assertThat(hex(256)).isEqualTo("190100");
    assertThat(hex(65536L)).isEqualTo("1a00010000");
    assertThat(hex(1L << 32)).isEqualTo("1b0000000100000000");
    assertThat(hex(-1)).isEqualTo("20");
    assertThat(hex(Long.MIN_VALUE)).isEqualTo("3b7fffffffffffffff");
    assertThat(hex(1.5)).isEqualTo("fb3ff8000000000000");
    assertThat(hex("a")).isEqualTo("6161");
    assertThat(hex(new byte[] {1})).isEqualTo("4101");
    assertThat(hex(true)).isEqualTo("f5");
    assertThat(hex(null)).isEqualTo("f6");
  }

  @Test
  void encode_mapKeys_sortByLengthThenBytes() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("bb", 1);
    map.put("c", 2);
    map.put("a", List.of());

    assertThat(hex(map)).isEqualTo("a3" + "616180" + "616302" + "62626201");
  }

  @Test
  void encode_cid_isTag42WithAZeroPrefix() {
    assertThat(hex(CID)).isEqualTo("d82a5825" + "00" + HEX.formatHex(CID.toBytes()));
  }

  @Test
  void decode_ofEncode_roundTrips() {
    Map<String, Object> shard = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      shard.put(Integer.toString(i), CID);
    }
    Object value = List.of(shard, "text", -5L, 2.25, Boolean.FALSE, Arrays.asList(1L, null));

    Object decoded = DagCbor.decode(DagCbor.encode(value));

    assertThat(decoded).isEqualTo(value);
    assertThat(
            ((Map<?, ?>) ((List<?>) decoded).get(0))
                .keySet().stream().map(Object::toString).toList())
        .startsWith("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
  }

  @Test
  void decode_nonCanonicalInput_isRejected() {
    assertRejected("9f00ff", "indefinite lengths are not allowed at byte 0");
    assertRejected("1805", "not in its shortest form at byte 0");
    assertRejected("a2616201616101", "map keys not in canonical order at byte 4");
    assertRejected("a2616101616102", "duplicate map key at byte 4");
    assertRejected("c100", "unsupported tag 1");
    assertRejected("fa3fc00000", "floats must be 64-bit");
    assertRejected("f7", "unsupported simple value 23");
    assertRejected("0000", "1 trailing bytes at byte 1");
    assertRejected("a10101", "map key is not a string at byte 1");
    assertRejected("62ff", "truncated");
    assertRejected("d82a4101", "lack the 0x00 multibase prefix");
    assertRejected("fb7ff8000000000000", "NaN");
  }

  @Test
  void encode_unsupportedValues_areRejected() {
    assertThatThrownBy(() -> DagCbor.encode(Map.of(1, 2))).hasMessageContaining("map keys");
    assertThatThrownBy(() -> DagCbor.encode(new Object())).hasMessageContaining("cannot encode");
    assertThatThrownBy(() -> DagCbor.encode(Double.NaN)).hasMessageContaining("NaN");
  }

  private static String hex(Object value) {
    return HEX.formatHex(DagCbor.encode(value));
  }

  private static void assertRejected(String hex, String message) {
    assertThatThrownBy(() -> DagCbor.decode(HEX.parseHex(hex)))
        .as(hex)
        .isInstanceOf(IpldException.class)
        .hasMessageContaining(message);
  }
}

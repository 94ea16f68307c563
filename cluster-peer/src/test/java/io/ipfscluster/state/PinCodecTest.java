package io.ipfscluster.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid CID = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  private static final PeerId PEER = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");

  @Test
  void encode_recursivePin_isTheProto3WireFormatOfTypesProto() {
    Pin pin =
        new Pin(
            CID,
            PinType.DATA,
            List.of(PEER),
            -1,
            null,
            Instant.ofEpochSecond(1_700_000_000L),
            PinOptions.defaults().withReplication(-1, 2));

    String expected =
        "0a22"
            + HEX.formatHex(CID.toBytes()) // 1: Cid
            + "1001" // 2: Type = DataType (1)
            + "1a22"
            + HEX.formatHex(PEER.toBytes()) // 3: Allocations
            + "2001" // 4: MaxDepth = zigzag(-1)
            + "3204" // 6: Options, 4 bytes
            + "0801" // Options.1: ReplicationFactorMin = zigzag(-1)
            + "1004" // Options.2: ReplicationFactorMax = zigzag(2)
            + "3880e2cfaa06"; // 7: Timestamp = 1700000000

    assertThat(HEX.formatHex(PinCodec.encode(pin))).isEqualTo(expected);
  }

  @Test
  void decode_fullPin_roundTripsEveryStoredField() {
    Pin pin =
        new Pin(
            CID,
            PinType.SHARD,
            List.of(PEER, PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")),
            2,
            CID.toV1(),
            Instant.ofEpochSecond(1_700_000_000L),
            new PinOptions(
                3,
                5,
                "name ✓",
                PinMode.RECURSIVE,
                1 << 20,
                List.of(),
                Instant.ofEpochSecond(1_900_000_000L),
                Map.of("z", "last", "a", "first"),
                CID,
                List.of(Multiaddr.parse("/dns4/example.com/tcp/4001/p2p/" + PEER))));

    assertThat(PinCodec.decode(CID, PinCodec.encode(pin))).isEqualTo(pin);
  }

  @Test
  void decode_directPin_derivesModeFromMaxDepth() {
    Pin pin = Pin.of(CID, PinOptions.defaults().withMode(PinMode.DIRECT));

    Pin decoded = PinCodec.decode(CID, PinCodec.encode(pin));

    assertThat(decoded.maxDepth()).isZero();
    assertThat(decoded.options().mode()).isEqualTo(PinMode.DIRECT);
    assertThat(decoded.timestamp()).isEqualTo(GoTime.ZERO);
  }

  @Test
  void decode_dropsUserAllocationsAndSubSecondTime_asTheStateDoes() {
    Pin pin =
        Pin.of(CID, PinOptions.defaults().withUserAllocations(List.of(PEER)))
            .withTimestamp(Instant.parse("2024-01-01T00:00:00.75Z"));

    Pin decoded = PinCodec.decode(CID, PinCodec.encode(pin));

    assertThat(decoded.options().userAllocations()).isEmpty();
    assertThat(decoded.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void decode_legacyMetadataMap_isRead() {
    // Options with only the deprecated map field 6: entry {1: "k", 2: "v"}.
    String options =
        "3206" + "0a01" + HEX.formatHex("k".getBytes()) + "1201" + HEX.formatHex("v".getBytes());
    byte[] bytes =
        HEX.parseHex("1001" + "32" + String.format("%02x", options.length() / 2) + options);

    assertThat(PinCodec.decode(CID, bytes).options().metadata()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void decode_keyWins_overEmbeddedCid() {
    byte[] bytes = PinCodec.encode(Pin.of(CID));

    assertThat(PinCodec.decode(CID.toV1(), bytes).cid()).isEqualTo(CID.toV1());
  }

  @Test
  void decode_garbage_namesTheCid() {
    assertThatThrownBy(() -> PinCodec.decode(CID, new byte[] {0x0a, 0x05, 0x01}))
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining(CID.toString());
  }
}

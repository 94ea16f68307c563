package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String CID = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
  private static final String PEER = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";

  @Test
  void write_everywherePinReadBackFromState_matchesOriginalBytes() throws Exception {
    Pin pin =
        new Pin(
            Cid.parse(CID),
            PinType.DATA,
            List.of(),
            -1,
            null,
            Instant.parse("2024-05-06T10:11:12Z"),
            PinOptions.defaults().withReplication(-1, -1));

    assertThat(JSON.writeValueAsString(pin))
        .isEqualTo(
            "{\"replication_factor_min\":-1,\"replication_factor_max\":-1,\"name\":\"\","
                + "\"mode\":\"recursive\",\"shard_size\":0,\"user_allocations\":null,"
                + "\"expire_at\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"pin_update\":null,"
                + "\"origins\":[],\"cid\":\""
                + CID
                + "\",\"type\":\"pin\",\"allocations\":[],\"max_depth\":-1,\"reference\":null,"
                + "\"timestamp\":\"2024-05-06T10:11:12Z\"}");
  }

  @Test
  void readThenWrite_fullPin_roundTrips() throws Exception {
    Pin pin =
        new Pin(
            Cid.parse(CID),
            PinType.DATA,
            List.of(PeerId.parse(PEER)),
            0,
            null,
            Instant.parse("2024-05-06T10:11:12.5Z"),
            new PinOptions(
                2,
                3,
                "my pin",
                PinMode.DIRECT,
                0,
                List.of(PeerId.parse(PEER)),
                Instant.parse("2030-01-01T00:00:00Z"),
                Map.of("b", "2", "a", "1"),
                Cid.parse(CID).toV1(),
                List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER))));

    String json = JSON.writeValueAsString(pin);

    assertThat(JSON.readValue(json, Pin.class)).isEqualTo(pin);
    assertThat(json).contains("\"metadata\":{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(json).contains("\"timestamp\":\"2024-05-06T10:11:12.5Z\"");
  }

  @Test
  void write_toBytes_isTheSameJsonAsToCharacters() throws Exception {
    PeerId peer = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    Pin pin =
        new Pin(
            Cid.parse(CID).toV1(),
            PinType.SHARD,
            List.of(PeerId.parse(PEER), peer),
            2,
            Cid.parse(CID),
            Instant.parse("2024-05-06T10:11:12.25Z"),
            PinOptions.defaults()
                .withName("naïve \"quoted\" ✓")
                .withExpireAt(Instant.parse("2030-01-01T00:00:00Z"))
                .withPinUpdate(Cid.parse(CID)));

    String chars = JSON.writeValueAsString(pin);
    byte[] bytes = JSON.writeValueAsBytes(pin);

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(chars);
    assertThat(chars).contains("\"allocations\":[\"" + PEER + "\",\"" + peer + "\"]");
    assertThat(JSON.readValue(bytes, Pin.class)).isEqualTo(pin);
  }

  @Test
  void read_minimalImportObject_isRecursiveDataPin() throws Exception {
    Pin pin =
        JSON.readValue(
            "{\"cid\":\""
                + CID
                + "\",\"allocations\":[],\"replication_factor_min\":-1,"
                + "\"replication_factor_max\":-1}",
            Pin.class);

    assertThat(pin.type()).isEqualTo(PinType.DATA);
    assertThat(pin.maxDepth()).isEqualTo(-1);
    assertThat(pin.everywhere()).isTrue();
    assertThat(pin.timestamp()).isEqualTo(GoTime.ZERO);
  }

  @Test
  void read_malformedCid_namesFieldAndValue() {
    assertThatThrownBy(() -> JSON.readValue("{\"cid\":\"Qmnope\"}", Pin.class))
        .hasMessageContaining("field \"cid\"")
        .hasMessageContaining("Qmnope");
  }

  @Test
  void read_missingCid_isRejected() {
    assertThatThrownBy(() -> JSON.readValue("{\"name\":\"x\"}", Pin.class))
        .hasMessageContaining("field \"cid\": missing");
  }
}

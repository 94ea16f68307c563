package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinInfoJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  private static final String P1 = "QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc";
  private static final String P2 = "QmUZ13osndQ5uL4tPWHXe3iBgBgq9gfewcBMSCAuMBsDJ6";
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";

  static PinInfo full() {
    return new PinInfo(
        Cid.parse(CID),
        "my pin",
        PeerId.parse(P1),
        List.of(PeerId.parse(P1), PeerId.parse(P2)),
        List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + P1)),
        Instant.parse("2024-05-06T10:11:12Z"),
        Map.of("a", "1"),
        new PinInfoShort(
            "peer1",
            PeerId.parse(P7),
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
            TrackerStatus.PINNED,
            Instant.parse("2024-05-06T10:11:13.123456789Z"),
            "",
            1,
            true));
  }

  @Test
  void write_fullInfo_flattensThePeerStatusAfterThePinFields() throws Exception {
    assertThat(JSON.writeValueAsString(full()))
        .isEqualTo(
            "{\"cid\":\""
                + CID
                + "\",\"name\":\"my pin\",\"peer\":\""
                + P1
                + "\",\"allocations\":[\""
                + P1
                + "\",\""
                + P2
                + "\"],\"origins\":[\"/ip4/1.2.3.4/tcp/4001/p2p/"
                + P1
                + "\"],\"created\":\"2024-05-06T10:11:12Z\",\"metadata\":{\"a\":\"1\"},"
                + "\"peername\":\"peer1\",\"ipfs_peer_id\":\""
                + P7
                + "\",\"ipfs_peer_addresses\":[\"/ip4/127.0.0.1/tcp/4001\"],\"status\":\"pinned\","
                + "\"timestamp\":\"2024-05-06T10:11:13.123456789Z\",\"error\":\"\","
                + "\"attempt_count\":1,\"priority_pin\":true}");
  }

  @Test
  void write_emptyInfo_usesZeroValuesAndLeavesOutIpfsPeer() throws Exception {
    PinInfo empty =
        new PinInfo(
            Cid.parse(CID), null, null, null, null, null, null, PinInfoShort.of("", null, null));

    assertThat(JSON.writeValueAsString(empty))
        .isEqualTo(
            "{\"cid\":\""
                + CID
                + "\",\"name\":\"\",\"peer\":\"\",\"allocations\":[],\"origins\":[],"
                + "\"created\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"peername\":\"\","
                + "\"status\":\"undefined\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"error\":\"\","
                + "\"attempt_count\":0,\"priority_pin\":false}");
  }

  @Test
  void write_peerStatusAlone_isItsOwnObject() throws Exception {
    PinInfoShort s =
        PinInfoShort.clusterError("beta", Instant.parse("2024-05-06T10:11:12Z"), "rpc failed");

    assertThat(JSON.writeValueAsString(s))
        .isEqualTo(
            "{\"peername\":\"beta\",\"status\":\"cluster_error\","
                + "\"timestamp\":\"2024-05-06T10:11:12Z\",\"error\":\"rpc failed\","
                + "\"attempt_count\":0,\"priority_pin\":false}");
  }

  @Test
  void readThenWrite_fullInfo_roundTrips() throws Exception {
    String json = JSON.writeValueAsString(full());

    assertThat(JSON.readValue(json, PinInfo.class)).isEqualTo(full());
    assertThat(JSON.readValue(JSON.writeValueAsString(full().peerStatus()), PinInfoShort.class))
        .isEqualTo(full().peerStatus());
  }

  @Test
  void read_nullsUnknownFieldsAndUnknownStatus_areLenient() throws Exception {
    PinInfo info =
        JSON.readValue(
            "{\"cid\":\""
                + CID
                + "\",\"peer\":\"\",\"allocations\":null,\"metadata\":null,\"extra\":{\"x\":[1]},"
                + "\"status\":\"error\",\"ipfs_peer_id\":\"\"}",
            PinInfo.class);

    assertThat(info.peer()).isNull();
    assertThat(info.allocations()).isEmpty();
    assertThat(info.status()).isEqualTo(TrackerStatus.UNDEFINED);
    assertThat(info.peerStatus().ipfsPeerId()).isNull();
  }

  @Test
  void read_missingCid_isRejected() {
    assertThatThrownBy(() -> JSON.readValue("{\"name\":\"x\"}", PinInfo.class))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("field \"cid\": missing");
  }

  @Test
  void read_malformedPeer_namesTheField() {
    assertThatThrownBy(
            () -> JSON.readValue("{\"cid\":\"" + CID + "\",\"peer\":\"nope\"}", PinInfo.class))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("field \"peer\"");
  }
}

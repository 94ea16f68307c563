package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GlobalPinInfoJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  private static final String P1 = "QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc";
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";
  private static final String P8 = "12D3KooWFBFCDQzAkQSwPZLV883pKdsmb6urQ3sMjfJHUxn5GCVv";
  private static final Instant T = Instant.parse("2024-05-06T10:11:12Z");

  private static GlobalPinInfo twoPeers() {
    TreeMap<PeerId, PinInfoShort> peers = new TreeMap<>();
    peers.put(
        PeerId.parse(P7),
        new PinInfoShort(
            "alpha", PeerId.parse(P1), List.of(), TrackerStatus.PINNED, T, "", 0, false));
    peers.put(PeerId.parse(P8), PinInfoShort.clusterError("beta", T, "rpc failed"));
    return new GlobalPinInfo(
        Cid.parse(CID),
        "gpi",
        List.of(PeerId.parse(P7), PeerId.parse(P8)),
        List.of(),
        T,
        Map.of(),
        peers);
  }

  @Test
  void write_twoPeers_sortsThePeerMapByPeerId() throws Exception {
    assertThat(JSON.writeValueAsString(twoPeers()))
        .isEqualTo(
            "{\"cid\":\""
                + CID
                + "\",\"name\":\"gpi\",\"allocations\":[\""
                + P7
                + "\",\""
                + P8
                + "\"],\"origins\":[],\"created\":\"2024-05-06T10:11:12Z\",\"metadata\":null,"
                + "\"peer_map\":{\""
                + P8
                + "\":{\"peername\":\"beta\",\"status\":\"cluster_error\","
                + "\"timestamp\":\"2024-05-06T10:11:12Z\",\"error\":\"rpc failed\","
                + "\"attempt_count\":0,\"priority_pin\":false},\""
                + P7
                + "\":{\"peername\":\"alpha\",\"ipfs_peer_id\":\""
                + P1
                + "\",\"status\":\"pinned\",\"timestamp\":\"2024-05-06T10:11:12Z\",\"error\":\"\","
                + "\"attempt_count\":0,\"priority_pin\":false}}}");
  }

  @Test
  void write_noPeers_writesNullPeerMap() throws Exception {
    GlobalPinInfo empty = new GlobalPinInfo(Cid.parse(CID), null, null, null, null, null, null);

    assertThat(JSON.writeValueAsString(empty))
        .isEqualTo(
            "{\"cid\":\""
                + CID
                + "\",\"name\":\"\",\"allocations\":[],\"origins\":[],"
                + "\"created\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"peer_map\":null}");
  }

  @Test
  void readThenWrite_twoPeers_roundTrips() throws Exception {
    assertThat(JSON.readValue(JSON.writeValueAsString(twoPeers()), GlobalPinInfo.class))
        .isEqualTo(twoPeers());
  }

  @Test
  void read_malformedPeerMapKey_namesTheMap() {
    assertThatThrownBy(
            () ->
                JSON.readValue(
                    "{\"cid\":\"" + CID + "\",\"peer_map\":{\"nope\":{}}}", GlobalPinInfo.class))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("field \"peer_map\"")
        .hasMessageContaining("nope");
  }
}

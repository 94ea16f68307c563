package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerInfoJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String P1 = "QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc";
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";
  private static final String P8 = "12D3KooWFBFCDQzAkQSwPZLV883pKdsmb6urQ3sMjfJHUxn5GCVv";

  private static PeerInfo alpha() {
    return new PeerInfo(
        PeerId.parse(P7),
        List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/9096/p2p/" + P7)),
        List.of(PeerId.parse(P7), PeerId.parse(P8)),
        List.of(Multiaddr.parse("/ip4/10.0.0.2/tcp/9096/p2p/" + P8)),
        "1.1.6",
        "",
        "/ipfscluster/1.1/rpc",
        "",
        new IpfsInfo(PeerId.parse(P1), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), ""),
        "alpha");
  }

  @Test
  void write_reachablePeer_matchesOriginalBytes() throws Exception {
    assertThat(JSON.writeValueAsString(alpha()))
        .isEqualTo(
            "{\"id\":\""
                + P7
                + "\",\"addresses\":[\"/ip4/10.0.0.1/tcp/9096/p2p/"
                + P7
                + "\"],\"cluster_peers\":[\""
                + P7
                + "\",\""
                + P8
                + "\"],\"cluster_peers_addresses\":[\"/ip4/10.0.0.2/tcp/9096/p2p/"
                + P8
                + "\"],\"version\":\"1.1.6\",\"commit\":\"\","
                + "\"rpc_protocol_version\":\"/ipfscluster/1.1/rpc\",\"error\":\"\","
                + "\"ipfs\":{\"id\":\""
                + P1
                + "\",\"addresses\":[\"/ip4/127.0.0.1/tcp/4001\"],\"error\":\"\"},"
                + "\"peername\":\"alpha\"}");
  }

  @Test
  void write_unreachablePeer_writesNullListsAndNoIpfsId() throws Exception {
    assertThat(JSON.writeValueAsString(PeerInfo.unreachable(PeerId.parse(P8), "dial backoff")))
        .isEqualTo(
            "{\"id\":\""
                + P8
                + "\",\"addresses\":null,\"cluster_peers\":null,\"cluster_peers_addresses\":null,"
                + "\"version\":\"\",\"commit\":\"\",\"rpc_protocol_version\":\"\","
                + "\"error\":\"dial backoff\",\"ipfs\":{\"addresses\":null,\"error\":\"\"},"
                + "\"peername\":\"\"}");
  }

  @Test
  void write_zeroValue_writesEmptyId() throws Exception {
    PeerInfo zero = new PeerInfo(null, null, null, null, null, null, null, null, null, null);

    assertThat(JSON.writeValueAsString(zero))
        .startsWith("{\"id\":\"\",\"addresses\":null,")
        .endsWith("\"ipfs\":{\"addresses\":null,\"error\":\"\"},\"peername\":\"\"}");
  }

  @Test
  void readThenWrite_roundTrips() throws Exception {
    PeerInfo failedIpfs =
        PeerInfo.unreachable(PeerId.parse(P7), "").withIpfs(IpfsInfo.failed("ipfs is down"));

    assertThat(JSON.readValue(JSON.writeValueAsString(alpha()), PeerInfo.class)).isEqualTo(alpha());
    assertThat(JSON.readValue(JSON.writeValueAsString(failedIpfs), PeerInfo.class))
        .isEqualTo(failedIpfs);
  }

  @Test
  void read_emptyObject_isZeroValue() throws Exception {
    PeerInfo zero = JSON.readValue("{\"ipfs\":null}", PeerInfo.class);

    assertThat(zero.id()).isNull();
    assertThat(zero.clusterPeers()).isEmpty();
    assertThat(zero.ipfs()).isEqualTo(IpfsInfo.unknown());
  }
}

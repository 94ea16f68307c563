package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftEndpointsTest {
  private static final PeerId SELF = Identity.generate().peerId();
  private static final PeerId OTHER = Identity.generate().peerId();

  @Test
  void endpoint_ofIpAndDnsAddresses_isTheHostAtThePortPlusTheOffset() {
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/ip4/10.0.0.5/tcp/9096")))
        .contains("10.0.0.5:9098");
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/ip6/::1/tcp/9096/p2p/" + OTHER)))
        .contains("[::1]:9098");
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/dns4/peer.example/tcp/4000")))
        .contains("peer.example:4002");
  }

  @Test
  void endpoint_withoutAFixedTcpPort_isEmpty() {
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/ip4/10.0.0.5/tcp/0"))).isEmpty();
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/ip4/10.0.0.5/udp/9096/quic"))).isEmpty();
    assertThat(RaftEndpoints.endpoint(Multiaddr.parse("/ip4/10.0.0.5/tcp/65535"))).isEmpty();
  }

  @Test
  void raftAddress_beforeTheNetworkRuns_comesFromTheConfiguredAddresses() {
    RaftEndpoints endpoints =
        new RaftEndpoints(
            SELF,
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/5000/p2p/" + SELF)),
            List.of(
                Multiaddr.parse("/ip4/10.0.0.1/udp/7000/quic/p2p/" + OTHER),
                Multiaddr.parse("/ip4/10.0.0.1/tcp/7000/p2p/" + OTHER)),
            () -> null);

    assertThat(endpoints.raftAddress(SELF)).contains("127.0.0.1:5002");
    assertThat(endpoints.raftAddress(OTHER)).contains("10.0.0.1:7002");
    assertThat(endpoints.raftAddress(Identity.generate().peerId())).isEmpty();
  }
}

package io.ipfscluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static Endpoint of(String addr, boolean https) {
    return Endpoint.of(Multiaddr.parse(addr), https);
  }

  @Test
  void ip4_andIp6_areHttpUnlessAsked() {
    assertThat(of("/ip4/127.0.0.1/tcp/9094", false).url("/id"))
        .isEqualTo("http://127.0.0.1:9094/id");
    assertThat(of("/ip6/::1/tcp/9094", true).url("/id")).isEqualTo("https://[::1]:9094/id");
  }

  @Test
  void httpsSuffix_forcesTls() {
    assertThat(of("/dns4/example.org/tcp/443/https", false).tls()).isTrue();
    assertThat(of("/dns/example.org/tcp/443/tls/http", false).tls()).isTrue();
    assertThat(of("/dns6/example.org/tcp/80/http", false).tls()).isFalse();
    assertThat(of("/dns6/example.org/tcp/80", false).family()).isEqualTo(Protocol.DNS6);
  }

  @Test
  void unix_isASocket() {
    Endpoint e = of("/unix/tmp/api.sock", false);

    assertThat(e.socket()).isEqualTo(Path.of("/tmp/api.sock"));
    assertThat(e.authority()).isEqualTo("restapi");
  }

  @Test
  void libp2p_isRejectedNamingTheHost() {
    String addr = "/ip4/1.2.3.4/tcp/9096/p2p/" + ApiFixtures.P7;

    assertThatThrownBy(() -> of(addr, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("host " + addr + ": libp2p API endpoints")
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> of("/dnsaddr/cluster.example.org", false))
        .hasMessageContaining("libp2p API endpoints");
  }

  @Test
  void otherShapes_areRejected() {
    assertThatThrownBy(() -> of("/ip4/1.2.3.4/udp/9094", false))
        .hasMessageContaining("is not an API address this client can reach");
    assertThatThrownBy(() -> of("/ip4/1.2.3.4/tcp/9094/ws", false))
        .hasMessageContaining("is not an API address this client can reach");
  }

  @Test
  void config_rejectsUnsupportedHosts() {
    assertThatThrownBy(
            () ->
                ClientConfig.defaults()
                    .withHosts(ClientConfig.parseHosts("/ip4/127.0.0.1/tcp/9094,/dnsaddr/x.org")))
        .hasMessageContaining("/dnsaddr/x.org");
    assertThatThrownBy(() -> ClientConfig.parseHosts("/ip4/127.0.0.1/tcp/9094,nonsense"))
        .hasMessageStartingWith("invalid host multiaddress \"nonsense\"");
  }
}

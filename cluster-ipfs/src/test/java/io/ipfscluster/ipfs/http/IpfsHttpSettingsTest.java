package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IpfsHttpSettingsTest {

  @Test
  void defaults_areTheOriginals() {
    IpfsHttpSettings d = IpfsHttpSettings.defaults();

    assertThat(d.nodeAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
    assertThat(d.https()).isFalse();
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.pinTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.unpinTimeout()).isEqualTo(Duration.ofHours(3));
    assertThat(d.repoGcTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(d.connectSwarmsDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.informerTriggerInterval()).isZero();
    assertThat(d.unpinDisable()).isFalse();
  }

  @Test
  void nodeAddress_mapsToTheApiUri() {
    assertThat(endpoint("/ip4/127.0.0.1/tcp/5001", false).baseUri())
        .isEqualTo("http://127.0.0.1:5001/api/v0/");
    assertThat(endpoint("/ip6/::1/tcp/5001", false).baseUri())
        .isEqualTo("http://[::1]:5001/api/v0/");
    assertThat(endpoint("/dns4/ipfs.local/tcp/443", true).baseUri())
        .isEqualTo("https://ipfs.local:443/api/v0/");
    assertThat(endpoint("/dns/ipfs.local/tcp/443/https", false).baseUri())
        .isEqualTo("https://ipfs.local:443/api/v0/");
    NodeEndpoint unix = endpoint("/unix/run/ipfs/api.sock", false);
    assertThat(unix.unixSocket()).isEqualTo(Path.of("/run/ipfs/api.sock"));
    assertThat(unix.baseUri()).isEqualTo("http://localhost/api/v0/");
    assertThat(IpfsHttpSettings.forNode(Multiaddr.parse("/ip4/10.0.0.1/tcp/5001/tls/http")).https())
        .isTrue();
  }

  @Test
  void nodeAddress_thatIsNotHttp_isRejectedNamingTheKey() {
    assertThatThrownBy(() -> IpfsHttpSettings.forNode(Multiaddr.parse("/ip4/127.0.0.1/udp/5001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "ipfs_connector.ipfshttp.node_multiaddress /ip4/127.0.0.1/udp/5001 is invalid");
    assertThatThrownBy(
            () -> IpfsHttpSettings.forNode(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001/ws")))
        .hasMessageContaining("/ws is not an HTTP transport");
  }

  @Test
  void negativeValues_areRejectedNamingTheKey() {
    IpfsHttpSettings d = IpfsHttpSettings.defaults();
    assertThatThrownBy(() -> d.withPinTimeout(Duration.ofSeconds(-1)))
        .hasMessage("ipfs_connector.ipfshttp.pin_timeout must not be negative, got PT-1S");
    assertThatThrownBy(() -> d.withInformerTriggerInterval(-2))
        .hasMessage(
            "ipfs_connector.ipfshttp.informer_trigger_interval must not be negative, got -2");
  }

  private static NodeEndpoint endpoint(String addr, boolean https) {
    return NodeEndpoint.of(Multiaddr.parse(addr), https);
  }
}

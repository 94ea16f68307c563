package io.ipfscluster.ipfs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedNodeConfigTest {
  private static final Path REPO = Path.of("/tmp/repo");

  @Test
  void defaults_areKubosAndValidate() {
    EmbeddedNodeConfig config = EmbeddedNodeConfig.defaults(REPO);

    assertThat(config.apiAddresses()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
    assertThat(config.storageMax()).isEqualTo(10_000_000_000L);
    assertThat(config.pinTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.fsync()).isTrue();
    assertThat(config.layout()).isEqualTo(EmbeddedNodeConfig.BlockstoreLayout.PACKS);
  }

  @Test
  void apiAddress_unixSocket_isAccepted() {
    EmbeddedNodeConfig config =
        EmbeddedNodeConfig.defaults(REPO)
            .withApiAddresses(List.of(Multiaddr.parse("/unix/tmp/ipfs.sock")));

    assertThat(config.apiAddresses()).hasSize(1);
  }

  @Test
  void apiAddress_withoutTcpOrUnix_isRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                EmbeddedNodeConfig.defaults(REPO)
                    .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/udp/5001"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Addresses.API: /ip4/127.0.0.1/udp/5001");
  }

  @Test
  void storageMax_notPositive_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> EmbeddedNodeConfig.defaults(REPO).withStorageMax(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Datastore.StorageMax must be positive, got 0");
  }

  @Test
  void pinTimeout_zero_isRefused() {
    assertThatThrownBy(() -> EmbeddedNodeConfig.defaults(REPO).withPinTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pinTimeout must be positive, got 0s");
  }
}

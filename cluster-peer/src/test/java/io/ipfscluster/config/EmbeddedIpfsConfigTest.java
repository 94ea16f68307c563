package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedIpfsConfigTest {
  @Test
  void defaults_validate_andInitWritesThem() {
    assertThat(EmbeddedIpfsConfig.defaults().repo(Path.of("/cfg"))).isEqualTo(Path.of("/cfg/ipfs"));
    assertThat(ServiceConfig.defaults("crdt").embeddedIpfs())
        .contains(EmbeddedIpfsConfig.defaults());
  }

  @Test
  void json_roundTrips_andAConfigWithoutTheSectionHasNoEmbeddedNode() {
    ServiceConfig config = ServiceConfig.defaults("crdt");
    String json = config.toJson();

    assertThat(ServiceConfig.fromJson(json, Map.of()).embeddedIpfs())
        .contains(EmbeddedIpfsConfig.defaults());
    String external = json.replaceAll("(?s),\\s*\"embedded\": \\{[^}]*\\}", "");
    assertThat(external).doesNotContain("\"embedded\"");
    assertThat(ServiceConfig.fromJson(external, Map.of()).embeddedIpfs()).isEmpty();
  }

  @Test
  void env_overridesTheSection() {
    ServiceConfig c =
        ServiceConfig.defaults("crdt")
            .withEnvironment(
                Map.of("CLUSTER_EMBEDDED_REPO", "node", "CLUSTER_EMBEDDED_STORAGEMAXBYTES", "42"));

    assertThat(c.embeddedIpfs()).contains(new EmbeddedIpfsConfig("node", 42));
  }

  @Test
  void badValues_nameTheirPath() {
    assertThatThrownBy(() -> new EmbeddedIpfsConfig("", 1))
        .hasMessageContaining("ipfs_connector.embedded.repo");
    assertThatThrownBy(() -> new EmbeddedIpfsConfig("ipfs", -1))
        .hasMessageContaining("ipfs_connector.embedded.storage_max_bytes");
  }
}

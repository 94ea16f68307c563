package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose IPFS node does not answer, driven through the built programs: the API stays up, pins
 * are accepted and fail with the error text, and the statuses say why (spec §8.4; what the original
 * answers is described in {@code Statuses}).
 */
class SharnessIpfsDownIT {
  @TempDir Path dir;

  @Test
  void status_withIpfsDown_globalGivesEachPinAClusterError_localFails() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: nothing listens there
    }
    String cid = TestCids.rawCid(4242);
    try (SharnessPeer peer =
        SharnessPeer.init(
            dir.resolve("peer"),
            (d, config) -> {
              ObjectNode connector = (ObjectNode) config.path("ipfs_connector");
              connector.remove("embedded");
              ((ObjectNode) connector.path("ipfshttp"))
                  .put("node_multiaddress", "/ip4/127.0.0.1/tcp/" + deadPort);
            })) {
      peer.start();

      peer.ctlOk("pin", "add", cid);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(peer.ctlOk("status", cid)).contains(": PIN_ERROR: "));
      JsonNode all = peer.ctlJson("status").get(0);
      assertThat(all.path("cid").asText()).isEqualTo(cid);
      JsonNode mine = all.path("peer_map").path(peer.id());
      assertThat(mine.path("status").asText()).isEqualTo("cluster_error");
      assertThat(mine.path("error").asText()).startsWith("could not get pinset from IPFS: ");
      assertThat(peer.ctlOk("status"))
          .contains(cid)
          .contains(": CLUSTER_ERROR: could not get pinset from IPFS: ");

      Dist.Result local = peer.ctl("status", "--local");

      assertThat(local.exitCode()).as(local.all()).isEqualTo(2);
      assertThat(local.out()).contains("Code: 500").contains("could not get pinset from IPFS");
      assertThat(peer.ctlOk("id")).contains(peer.id()); // the API stays up
    }
  }
}

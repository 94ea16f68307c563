package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.AddEntry;
import io.ipfscluster.client.ClientConfig;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.ipfs.embedded.EmbeddedNodeConnector;
import io.ipfscluster.ipfs.http.IpfsHttpConnector;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer with the embedded node pins through {@link EmbeddedNodeConnector}, in process, while the
 * node's HTTP API stays served for the proxy and tools.
 */
@Timeout(120)
class EmbeddedNodePinIT {
  @TempDir Path dir;

  @Test
  void pin_onPeerWithEmbeddedNode_pinsInProcess_andTheNodesHttpApiShowsThePin() throws Exception {
    ServiceConfig.defaults("crdt").write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    try (ClusterPeer peer =
        ClusterPeer.start(
            dir,
            Map.of(
                "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_LISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
                    "/ip4/127.0.0.1/tcp/" + PeerAddIT.freePort()))) {
      ClusterClient client =
          new ClusterClient(
              ClientConfig.defaults().withHosts(List.of(peer.restAddresses().get(0))));
      List<AddedOutput> out =
          client
              .addEntries(
                  List.of(AddEntry.file("f", PeerAddIT.random(300_000, 7))),
                  PeerAddIT.params("no-pin=true"),
                  null)
              .toList();
      Cid root = out.get(out.size() - 1).cid();

      client.pin(root, PinOptions.defaults());

      assertThat(peer.ipfs()).isInstanceOf(EmbeddedNodeConnector.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client.status(root, false).peerMap().get(peer.id()).status()
                      == TrackerStatus.PINNED);
      IpfsHttpSettings api =
          IpfsHttpSettings.forNode(Multiaddr.parse(peer.config().ipfsHttp().nodeMultiaddress()));
      try (IpfsHttpConnector overHttp = IpfsHttpConnector.start(api, PeerHooks.named("api"))) {
        assertThat(overHttp.pinLsCid(Pin.of(root))).isEqualTo(IpfsPinStatus.RECURSIVE);
      }
    }
  }
}

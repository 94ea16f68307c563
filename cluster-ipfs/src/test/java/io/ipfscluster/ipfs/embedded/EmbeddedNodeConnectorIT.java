package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.http.IpfsConnectorContract;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract, unchanged, against the embedded node: {@code IpfsHttpConnector} talking
 * to {@link EmbeddedIpfsNode} over HTTP, with the node's default pin timeout (the connector's
 * progress watch is what cancels a pin of missing content, as with kubo).
 */
class EmbeddedNodeConnectorIT extends IpfsConnectorContract {
  private static Path repo;
  private static EmbeddedIpfsNode node;

  @BeforeAll
  static void startNode() throws Exception {
    repo = Files.createTempDirectory("embedded-contract-");
    node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo)
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            BlockSource.none());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
    try (var files = Files.walk(repo)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected Multiaddr nodeAddress() {
    return node.apiAddresses().getFirst();
  }
}

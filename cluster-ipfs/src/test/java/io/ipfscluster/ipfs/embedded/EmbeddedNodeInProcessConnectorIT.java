package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.ipfs.http.IpfsConnectorContract;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract, unchanged, against {@link EmbeddedNodeConnector}: the in-process calls a
 * peer with the embedded node makes must behave as {@code IpfsHttpConnector} does against the same
 * node ({@link EmbeddedNodeConnectorIT}).
 */
class EmbeddedNodeInProcessConnectorIT extends IpfsConnectorContract {
  private static Path repo;
  private static EmbeddedIpfsNode node;

  @BeforeAll
  static void startNode() throws Exception {
    repo = Files.createTempDirectory("embedded-inprocess-contract-");
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

  @Override
  protected IpfsConnector connect(IpfsHttpSettings settings) {
    return EmbeddedNodeConnector.start(node.node(), settings, PeerHooks.named("contract"));
  }
}

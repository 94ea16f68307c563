package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded node for a test class, as {@code JsIpfsDaemon} is a js-ipfs one: started before the
 * class with a fresh repo in a temporary folder, its kubo RPC API on a free loopback port, no block
 * source and the default pin timeout; stopped and its repo deleted after the class. Register it
 * with {@code @RegisterExtension static final}. Thread-safe once started.
 */
final class EmbeddedNodeDaemon implements BeforeAllCallback, AfterAllCallback {
  private volatile Path repo;
  private volatile EmbeddedIpfsNode node;

  /** The address of the node's kubo RPC API. */
  Multiaddr apiAddress() {
    return node.apiAddresses().getFirst();
  }

  /** The node itself, for the in-process connector. */
  IpfsNode node() {
    return node.node();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    repo = Files.createTempDirectory("embedded-node-");
    node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo)
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            BlockSource.none());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    node.close();
    try (Stream<Path> files = Files.walk(repo)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

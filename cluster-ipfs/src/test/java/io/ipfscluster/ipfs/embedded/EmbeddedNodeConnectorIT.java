package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.http.IpfsConnectorContract;
import io.ipfscluster.multiformats.Multiaddr;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract, unchanged, against the embedded node: {@code IpfsHttpConnector} talking
 * to {@link EmbeddedIpfsNode} over HTTP, with the node's default pin timeout (the connector's
 * progress watch is what cancels a pin of missing content, as with kubo).
 */
class EmbeddedNodeConnectorIT extends IpfsConnectorContract {
  @RegisterExtension static final EmbeddedNodeDaemon NODE = new EmbeddedNodeDaemon();

  @Override
  protected Multiaddr nodeAddress() {
    return NODE.apiAddress();
  }
}

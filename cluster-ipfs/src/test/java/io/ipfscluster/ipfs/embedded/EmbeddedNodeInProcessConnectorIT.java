package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.ipfs.http.IpfsConnectorContract;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.multiformats.Multiaddr;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract, unchanged, against {@link EmbeddedNodeConnector}: the in-process calls a
 * peer with the embedded node makes must behave as {@code IpfsHttpConnector} does against the same
 * node ({@link EmbeddedNodeConnectorIT}).
 */
class EmbeddedNodeInProcessConnectorIT extends IpfsConnectorContract {
  @RegisterExtension static final EmbeddedNodeDaemon NODE = new EmbeddedNodeDaemon();

  @Override
  protected Multiaddr nodeAddress() {
    return NODE.apiAddress();
  }

  @Override
  protected IpfsConnector connect(IpfsHttpSettings settings) {
    return EmbeddedNodeConnector.start(NODE.node(), settings, PeerHooks.named("contract"));
  }
}

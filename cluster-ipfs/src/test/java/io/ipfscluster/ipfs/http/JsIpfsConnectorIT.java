package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against a real js-ipfs 0.66.1 daemon (see {@link JsIpfsDaemon}).
 *
 * <p>js-ipfs differs from kubo in ways the connector adapts to: it keeps one block per {@code
 * block/put} request (the connector learns it and sends the other blocks one per request); it has
 * no {@code pin/update} (the connector falls back to {@code pin/add}); it waits forever for missing
 * blocks (the suite always uses short limits there); it prints CIDv1 in base58btc and a CIDv0 root
 * of {@code resolve} as {@code zQm…} (the connector parses both).
 */
class JsIpfsConnectorIT extends IpfsConnectorContract {
  @RegisterExtension static final JsIpfsDaemon JS = new JsIpfsDaemon();

  @Override
  protected Multiaddr nodeAddress() {
    return JS.apiAddress();
  }
}

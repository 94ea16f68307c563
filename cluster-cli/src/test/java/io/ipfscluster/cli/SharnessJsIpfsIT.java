package io.ipfscluster.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.ipfs.http.JsIpfsDaemon;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The sharness cases against a real js-ipfs daemon instead of the embedded node: the configuration
 * has no {@code ipfs_connector.embedded}, and {@code ipfs_connector.ipfshttp.node_multiaddress}
 * points at js-ipfs. Every peer of the class uses the same daemon, as the original's sharness peers
 * share one kubo. Where js-ipfs lacks what kubo has ({@code sha3-512}), the case checks that the
 * node's error reaches the user. Skipped where js-ipfs is not installed (see {@link JsIpfsDaemon}).
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other suite
@ResourceLock("sharness-jsipfs") // held by the class: its cases run one by one
class SharnessJsIpfsIT extends SharnessCases {
  @RegisterExtension static final JsIpfsDaemon JS = new JsIpfsDaemon();

  @Override
  void useIpfs(ObjectNode config) {
    ObjectNode connector = (ObjectNode) config.path("ipfs_connector");
    connector.remove("embedded");
    ((ObjectNode) connector.path("ipfshttp")).put("node_multiaddress", JS.apiAddress().toString());
  }

  /** The js-ipfs 0.66.1 daemon hashes with sha2-256, sha2-512 and identity only. */
  @Override
  public boolean nodeHasSha3() {
    return false;
  }
}

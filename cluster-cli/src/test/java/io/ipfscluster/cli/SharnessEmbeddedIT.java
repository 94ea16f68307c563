package io.ipfscluster.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The sharness cases with the peer's embedded IPFS node, as {@code init} configures it: the node
 * serves its kubo RPC API where {@code ipfs_connector.ipfshttp.node_multiaddress} points.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other suite
@ResourceLock("sharness-embedded") // held by the class: its cases run one by one
class SharnessEmbeddedIT extends SharnessCases {
  @Override
  void useIpfs(ObjectNode config) {
    // init's default: ipfs_connector.embedded is present.
  }
}

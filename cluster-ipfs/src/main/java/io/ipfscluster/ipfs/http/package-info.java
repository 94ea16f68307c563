/**
 * The kubo RPC client: {@link io.ipfscluster.ipfs.http.IpfsHttpConnector} drives an IPFS node
 * (kubo, the embedded node, or any kubo-compatible daemon) over {@code /api/v0} (spec §5), with
 * per-call timeouts, a progress-based pin timeout, NDJSON streaming and a 1 request/s back-off
 * while the node is unreachable. {@link io.ipfscluster.ipfs.http.IpfsHttpSettings} holds what it
 * needs from {@code ipfs_connector.ipfshttp}.
 */
package io.ipfscluster.ipfs.http;

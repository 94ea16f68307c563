/**
 * The embedded IPFS node's kubo RPC API: {@link io.ipfscluster.ipfs.embedded.EmbeddedIpfsNode}
 * starts an {@link io.ipfscluster.ipfs.node.IpfsNode} and serves {@code /api/v0/…} on its own Jetty
 * listeners (TCP or unix socket) on virtual threads.
 *
 * <p>Commands, grouped by use case, each answer as kubo does: {@code id}, {@code version}, {@code
 * swarm/peers|connect|addrs/local}, {@code config}, {@code config/show} ({@link InfoCommands});
 * {@code pin/add|rm|ls|update|verify} ({@link PinCommands}); {@code block/put|get|stat|rm} ({@link
 * BlockCommands}); {@code repo/stat|gc} ({@link RepoCommands}); {@code refs}, {@code refs/local}
 * ({@link RefsCommands}); {@code dag/get|import} ({@link DagCommands}); {@code cat}, {@code
 * resolve} ({@link FileCommands}); {@code add} ({@link AddCommand}). The answer shapes (single JSON
 * value, NDJSON stream with {@code X-Chunked-Output} and the {@code X-Stream-Error} trailer, raw
 * bytes with {@code X-Stream-Output}) live in {@link Call}; the mapping of failures to kubo's error
 * answers lives in {@link ErrorMapping} alone.
 *
 * <p>The peer itself calls its embedded node in process through {@link
 * io.ipfscluster.ipfs.embedded.EmbeddedNodeConnector} ({@link PinCall} for pins cancelled by
 * stalled progress, {@link Timed} for calls that may wait for other peers, {@link PinStream} for
 * listings, {@link Failures} for the HTTP connector's error texts); the HTTP API serves everyone
 * else.
 */
package io.ipfscluster.ipfs.embedded;

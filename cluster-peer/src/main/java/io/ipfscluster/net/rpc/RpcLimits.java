package io.ipfscluster.net.rpc;

import io.ipfscluster.config.ConnectionManagerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the peer RPC, on both sides of a connection. Immutable and thread-safe.
 *
 * @param maxInboundMessageBytes the largest message accepted; larger ones fail the call with {@code
 *     RESOURCE_EXHAUSTED} (blocks are at most 1 MiB, so 4 MiB leaves room)
 * @param maxInboundMetadataBytes the largest header block accepted
 * @param maxConcurrentCallsPerConnection calls one peer may run at once here
 * @param handshakeTimeout how long a connection may take to authenticate
 * @param inboundConnections how many connections from other peers the server keeps ({@code
 *     cluster.connection_manager}, see {@link InboundConnections})
 */
public record RpcLimits(
    int maxInboundMessageBytes,
    int maxInboundMetadataBytes,
    int maxConcurrentCallsPerConnection,
    Duration handshakeTimeout,
    ConnectionManagerConfig inboundConnections) {

  public RpcLimits {
    if (maxInboundMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "maxInboundMessageBytes must be > 0, got " + maxInboundMessageBytes);
    }
    if (maxInboundMetadataBytes <= 0) {
      throw new IllegalArgumentException(
          "maxInboundMetadataBytes must be > 0, got " + maxInboundMetadataBytes);
    }
    if (maxConcurrentCallsPerConnection <= 0) {
      throw new IllegalArgumentException(
          "maxConcurrentCallsPerConnection must be > 0, got " + maxConcurrentCallsPerConnection);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be > 0, got " + handshakeTimeout);
    }
    Objects.requireNonNull(inboundConnections, "inboundConnections");
  }

  /**
   * 4 MiB messages, 8 KiB of headers, 256 concurrent calls per connection, 10 s handshakes, and the
   * default connection manager for incoming connections.
   */
  public static RpcLimits defaults() {
    return new RpcLimits(
        4 << 20, 8 << 10, 256, Duration.ofSeconds(10), ConnectionManagerConfig.defaults());
  }

  /** These limits with another message size limit. */
  public RpcLimits withMaxInboundMessageBytes(int bytes) {
    return new RpcLimits(
        bytes,
        maxInboundMetadataBytes,
        maxConcurrentCallsPerConnection,
        handshakeTimeout,
        inboundConnections);
  }

  /** These limits with another rule for incoming connections. */
  public RpcLimits withInboundConnections(ConnectionManagerConfig connections) {
    return new RpcLimits(
        maxInboundMessageBytes,
        maxInboundMetadataBytes,
        maxConcurrentCallsPerConnection,
        handshakeTimeout,
        connections);
  }
}

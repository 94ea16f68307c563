package io.ipfscluster.net.rpc;

import io.grpc.Status;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.PeerId;

/**
 * A call to another peer failed: the remote component's failure (its message kept as the original
 * wrote it), a denial by the remote access policy ({@link Status.Code#PERMISSION_DENIED}), a
 * deadline, or an unreachable peer. {@link #code()} says which; {@link #kind()} maps it for the
 * REST API (not found / invalid / failed).
 */
public final class RemoteCallException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final transient PeerId peer;
  private final Status.Code code;

  RemoteCallException(PeerId peer, Status.Code code, String message, Throwable cause) {
    super(kindOf(code), message, cause);
    this.peer = peer;
    this.code = code;
  }

  private static Kind kindOf(Status.Code code) {
    return switch (code) {
      case NOT_FOUND -> Kind.NOT_FOUND;
      case INVALID_ARGUMENT -> Kind.INVALID;
      default -> Kind.FAILED;
    };
  }

  /** The peer called. */
  public PeerId peer() {
    return peer;
  }

  /** The gRPC status code of the failure. */
  public Status.Code code() {
    return code;
  }
}

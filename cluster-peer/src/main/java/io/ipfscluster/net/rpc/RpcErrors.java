package io.ipfscluster.net.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.PeerId;
import java.security.cert.CertificateException;
import java.util.concurrent.CancellationException;

/**
 * Maps failures to gRPC statuses on the serving side and back to exceptions on the calling side,
 * keeping the message texts (clients match on them, as REST does on "pin is not part of the
 * pinset"). Thread-safe: stateless.
 */
final class RpcErrors {
  /** Trailer naming the Java failure family when the status code alone does not. */
  static final Metadata.Key<String> ORIGIN =
      Metadata.Key.of("x-cluster-error", Metadata.ASCII_STRING_MARSHALLER);

  private static final String IPFS = "ipfs";

  private RpcErrors() {}

  /** The status a failure of a served call travels as. */
  static StatusRuntimeException toStatus(Throwable e) {
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    Metadata trailers = new Metadata();
    Status status =
        switch (e) {
          case ClusterException c ->
              switch (c.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case INVALID -> Status.INVALID_ARGUMENT;
                case FAILED -> Status.UNKNOWN;
              };
          case IpfsException i -> {
            trailers.put(ORIGIN, IPFS);
            yield Status.UNKNOWN;
          }
          case IllegalArgumentException i -> Status.INVALID_ARGUMENT;
          case CancellationException c -> Status.CANCELLED;
          default -> Status.INTERNAL;
        };
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return status.withDescription(message).asRuntimeException(trailers);
  }

  /** The exception a failed call to {@code peer} throws to the caller. */
  static RuntimeException fromStatus(PeerId peer, StatusRuntimeException e) {
    Status s = e.getStatus();
    String message = s.getDescription() == null ? s.getCode().name() : s.getDescription();
    Metadata trailers = e.getTrailers();
    if (trailers != null && IPFS.equals(trailers.get(ORIGIN))) {
      return new IpfsException(message, e);
    }
    if (s.getCode() == Status.Code.UNAVAILABLE) {
      // gRPC appends the channel pipeline to the description on further lines.
      message =
          "cannot reach peer "
              + peer
              + ": "
              + message.lines().findFirst().orElse("")
              + causeOf(e.getCause());
    }
    return new RemoteCallException(peer, s.getCode(), message, e);
  }

  /**
   * ": <why>" of a transport failure: the first certificate failure in the causes (this peer's
   * trust manager says why it refused the remote peer), else the innermost cause; "" when there is
   * no cause.
   */
  private static String causeOf(Throwable t) {
    if (t == null) {
      return "";
    }
    Throwable root = t;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateException) {
        root = c;
        break;
      }
      root = c;
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return ": " + text;
  }
}

package io.ipfscluster.net.rpc;

import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.ipfscluster.net.tls.PeerTls;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the served calls that gRPC itself drops because of what the caller sent: a message over
 * {@link RpcLimits#maxInboundMessageBytes} ({@code RESOURCE_EXHAUSTED}) or bytes that do not parse
 * as the method's request. Such a call fails without reaching the service, so no service could say
 * why; the log line names the method, the caller and gRPC's reason. Calls the services (or the
 * access policy) end, and calls the caller cancels or lets expire, are not logged here.
 *
 * <p>Register {@link #tracer()} with the server and {@link #interceptor()} outermost on every
 * service. Thread-safe.
 */
final class DroppedCallLog {
  /*
   * gRPC reports a deframing or parsing failure only through the stream's end, which a
   * ServerStreamTracer sees but an interceptor does not (the server closes the stream without
   * going through the intercepted ServerCall). The tracer sees every end, though, including those
   * of the services; the interceptor marks those, through the tracer that the call's Context
   * carries, so that the tracer logs only the ends nobody else explained.
   */
  private static final Logger LOG = LoggerFactory.getLogger(DroppedCallLog.class);

  /** Ends that are the caller's doing or the connection's, not a dropped message. */
  private static final Set<Status.Code> EXPECTED =
      Set.of(
          Status.Code.OK,
          Status.Code.CANCELLED,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNAVAILABLE);

  private static final Context.Key<Tracer> TRACER = Context.key("ipfs-cluster-call-tracer");

  private final String logId;

  DroppedCallLog(String logId) {
    this.logId = Objects.requireNonNull(logId, "logId");
  }

  /** The tracer factory to give the server. */
  ServerStreamTracer.Factory tracer() {
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new Tracer(fullMethodName);
      }
    };
  }

  /** The interceptor that marks the calls ended by a service or the access policy. */
  ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Tracer tracer = TRACER.get();
        if (tracer == null) {
          return next.startCall(call, headers);
        }
        return next.startCall(
            new SimpleForwardingServerCall<>(call) {
              @Override
              public void close(Status status, Metadata trailers) {
                tracer.closedByService = true;
                super.close(status, trailers);
              }
            },
            headers);
      }
    };
  }

  private final class Tracer extends ServerStreamTracer {
    private final String method;
    private volatile String caller = "an unauthenticated peer";
    volatile boolean closedByService;

    Tracer(String method) {
      this.method = method;
    }

    @Override
    public Context filterContext(Context context) {
      return context.withValue(TRACER, this);
    }

    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> info) {
      PeerTls.remotePeer(info.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
          .ifPresent(p -> caller = p.toString());
    }

    @Override
    public void streamClosed(Status status) {
      if (closedByService || EXPECTED.contains(status.getCode())) {
        return;
      }
      Throwable cause = status.getCause();
      LOG.warn(
          "{} dropped a call of {} from {}: {} {}{}",
          logId,
          method,
          caller,
          status.getCode(),
          Objects.requireNonNullElse(status.getDescription(), ""),
          cause == null ? "" : " (" + cause.getMessage() + ")");
    }
  }
}

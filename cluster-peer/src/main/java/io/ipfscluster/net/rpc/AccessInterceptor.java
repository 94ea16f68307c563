package io.ipfscluster.net.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the caller's peer ID from the TLS session of the call and lets the call through only when
 * the {@link RpcPolicy} allows that peer; otherwise closes it with {@code PERMISSION_DENIED} and
 * the original's message; refuses every call of a peer the network blocked, but lets a peer removed
 * from the cluster fetch the record of its removal ({@link RemovalRefusal}). Puts the caller into
 * the call's {@link Context} ({@link PeerRpcServer#caller()}). Thread-safe.
 */
final class AccessInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(AccessInterceptor.class);

  private final PeerId self;
  private final String logId;
  private final RpcPolicy policy;
  private final Predicate<PeerId> trusted;
  private final Predicate<PeerId> refused;
  private final Predicate<PeerId> removed;

  AccessInterceptor(
      PeerId self,
      RpcPolicy policy,
      Predicate<PeerId> trusted,
      Predicate<PeerId> refused,
      Predicate<PeerId> removed) {
    this.refused = refused;
    this.removed = removed;
    this.self = self;
    this.logId = self.toString().substring(Math.max(0, self.toString().length() - 6));
    this.policy = policy;
    this.trusted = trusted;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = RpcPolicy.nameOf(call.getMethodDescriptor());
    Optional<PeerId> caller =
        PeerTls.remotePeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (caller.isEmpty()) {
      // The transport never admits a connection without a verified certificate; this guards
      // against a server built without it.
      call.close(Status.UNAUTHENTICATED.withDescription("no authenticated peer"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (removed.test(caller.get()) && !method.equals(RemovalRefusal.METHOD)) {
      // A peer removed from the cluster may fetch the record of its removal, nothing else; the
      // refusal tells it so, and it believes only the signed record.
      call.close(
          Status.PERMISSION_DENIED.withDescription(RemovalRefusal.describe(caller.get())),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (refused.test(caller.get()) && !removed.test(caller.get())) {
      // A blocked peer's connection opened before it was blocked: refuse every call on it.
      call.close(
          Status.PERMISSION_DENIED.withDescription("peer " + caller.get() + " is blocked"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!allowed(method, caller.get())) {
      String[] parts = method.split("\\.", 2);
      String message =
          "client does not have permissions to this method, service name: "
              + parts[0]
              + ", method name: "
              + parts[1];
      LOG.debug("{} denied {} to {}: {}", logId, method, caller.get(), message);
      call.close(Status.PERMISSION_DENIED.withDescription(message), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context ctx = Context.current().withValue(PeerRpcServer.CALLER, caller.get());
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  private boolean allowed(String method, PeerId caller) {
    Access access = policy.access(method).orElse(null);
    if (access == null) {
      return false;
    }
    boolean isSelf = caller.equals(self);
    return switch (access) {
      case OPEN -> true;
      case TRUSTED -> isSelf || trusted.test(caller);
      case CLOSED -> isSelf;
    };
  }
}

package io.ipfscluster.consensus.raft;

import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.thirdparty.io.grpc.ForwardingServerCallListener;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * A network partition of Raft peers in one JVM: once {@link #split} is called, every peer's Raft
 * server refuses the calls and stream messages of peers on the other side (server, client and admin
 * services alike), as if the packets were dropped; {@link #heal} lets them through again.
 *
 * <p>Each side's calls are told apart by the TLS certificate of the caller, so a peer's Ratis
 * client (which writes through the leader) is cut off as well as its server. Thread-safe.
 */
final class RaftPartition {
  private volatile Set<PeerId> side; // null: no partition

  /** Cuts the peers of {@code oneSide} off from all the others. */
  void split(Set<PeerId> oneSide) {
    this.side = Set.copyOf(oneSide);
  }

  /** Lets every peer reach every other again. */
  void heal() {
    this.side = null;
  }

  private boolean cut(PeerId local, PeerId remote) {
    Set<PeerId> s = side;
    return s != null && s.contains(local) != s.contains(remote);
  }

  /** The transport tweak of peer {@code local}: an interceptor on its Raft server. */
  Consumer<Parameters> at(PeerId local) {
    return p ->
        GrpcConfigKeys.Server.setServicesCustomizer(
            p, (builder, types) -> builder.intercept(interceptor(local)));
  }

  private ServerInterceptor interceptor(PeerId local) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        PeerId remote = caller(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        AtomicBoolean closed = new AtomicBoolean();
        Runnable refuse =
            () -> {
              if (closed.compareAndSet(false, true)) {
                call.close(Status.UNAVAILABLE.withDescription("partitioned"), new Metadata());
              }
            };
        if (remote != null && cut(local, remote)) {
          refuse.run();
          return new ServerCall.Listener<>() {};
        }
        // A stream opened before the split is cut at its next message.
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
            next.startCall(call, headers)) {
          @Override
          public void onMessage(Q message) {
            if (remote != null && cut(local, remote)) {
              refuse.run();
              return;
            }
            super.onMessage(message);
          }
        };
      }
    };
  }

  private static PeerId caller(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return PeerTls.peerIdOf((X509Certificate) chain[0]);
    } catch (SSLPeerUnverifiedException | CertificateException | RuntimeException e) {
      return null;
    }
  }
}

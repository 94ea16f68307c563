package io.ipfscluster.consensus.raft;

import io.ipfscluster.net.tls.PeerTls;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;

/**
 * The TLS of the Raft transport: Ratis's gRPC server, client and admin channels all run TLS 1.3
 * with mutual authentication, on the peer's {@link PeerTls} key and a trust manager ({@code
 * MemberTrustManager} in a peer). There is no plaintext mode. Stateless and thread-safe.
 */
final class RaftTls {
  /*
   * Ratis shades its own gRPC and Netty, so the peer network's SslContext cannot be handed over;
   * Ratis builds its contexts from JDK key and trust managers instead. The JDK provider is forced:
   * Ratis would default to the bundled BoringSSL, and the trust manager must see the SSLEngine
   * (for the dialled address) exactly as the JDK passes it.
   */
  static final String PROTOCOL = "TLSv1.3";

  private RaftTls() {}

  /** Ratis parameters that put the server, its clients and admin calls on TLS. */
  static Parameters parameters(PeerTls tls, X509ExtendedTrustManager trust) {
    GrpcTlsConfig conf =
        GrpcTlsConfig.newBuilder()
            .setName("raft-" + tls.logId())
            .setKeyManager(tls.keyManager())
            .setTrustManager(trust)
            .setMutualTls(true)
            .setSslProvider(SslProvider.JDK)
            .setProtocols(PROTOCOL)
            .build();
    Parameters p = new Parameters();
    GrpcConfigKeys.Server.setTlsConf(p, conf);
    GrpcConfigKeys.Client.setTlsConf(p, conf);
    GrpcConfigKeys.Admin.setTlsConf(p, conf);
    return p;
  }
}

package io.ipfscluster.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.ipfscluster.components.Block;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.ConsensusService;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.RemoteCallException;
import io.ipfscluster.net.rpc.RpcTestPeer;
import io.ipfscluster.net.rpc.wire.CidList;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who can connect: every case is a real TLS 1.3 connection on loopback to a peer serving {@code
 * Consensus.FetchBlocks} (open to every admitted peer), which records who called it.
 */
@Timeout(60)
class PeerTransportIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final byte[] DATA = "delta".getBytes(StandardCharsets.UTF_8);
  private static final Cid CID =
      Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, DATA));

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Optional<PeerId>> callers = new CopyOnWriteArrayList<>();

  private <T extends AutoCloseable> T closeLater(T c) {
    open.add(c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private RpcTestPeer server(byte[] secret) {
    return closeLater(
        RpcTestPeer.server(
            secret,
            new ConsensusService(
                c -> {
                  callers.add(PeerRpcServer.caller());
                  return c.equals(CID) ? Optional.of(DATA) : Optional.empty();
                })));
  }

  private static List<Block> fetch(RpcTestPeer client, PeerId peer) {
    try (Stream<Block> s = client.blocks().fetchAll(peer, List.of(CID))) {
      return s.toList();
    }
  }

  @Test
  void sameSecret_connects_andTheServerSeesTheCallersPeerId() {
    RpcTestPeer server = server(SECRET);
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);

    assertThat(fetch(client, server.id())).extracting(Block::cid).containsExactly(CID);
    assertThat(callers).containsExactly(Optional.of(client.id()));
  }

  @Test
  void wrongSecret_cannotConnect() {
    RpcTestPeer server = server(SECRET);
    byte[] other = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    RpcTestPeer client = closeLater(RpcTestPeer.client(other)).knows(server);

    assertRefused(client, server.id());
  }

  @Test
  void noSecret_cannotConnectToSecretCluster() {
    RpcTestPeer server = server(SECRET);
    RpcTestPeer client = closeLater(RpcTestPeer.client(new byte[0])).knows(server);

    assertRefused(client, server.id());
  }

  @Test
  void secretHolder_cannotConnectToOpenNetworkPeer() {
    RpcTestPeer server = server(new byte[0]);
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);

    assertRefused(client, server.id());
  }

  @Test
  void openNetwork_anyPeerConnects_andIsStillAuthenticated() {
    RpcTestPeer server = server(new byte[0]);
    RpcTestPeer client = closeLater(RpcTestPeer.client(new byte[0])).knows(server);

    assertThat(fetch(client, server.id())).hasSize(1);
    assertThat(callers).containsExactly(Optional.of(client.id()));
  }

  @Test
  void dialledPeerId_answeredByAnotherPeerOfTheCluster_isRefused() {
    // The address of server A is given for peer B: the dialler must notice it reached A.
    RpcTestPeer a = server(SECRET);
    PeerId b = Identity.generate().peerId();
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(b, a.address());

    assertRefused(client, b);
  }

  @Test
  void stolenPeerId_certificateWithoutItsKey_cannotConnect() throws Exception {
    // The thief holds the secret and a copy of the victim's certificate, but not the victim's key.
    RpcTestPeer server = server(SECRET);
    PeerTls victim = PeerTls.create(Identity.generate(), SECRET);
    Identity thief = Identity.generate();
    assertRefused(server, "TLSv1.3", thief.privateKey(), victim.certificate());
  }

  @Test
  void tls12Client_withTheSecretAndItsOwnKey_isRefused() throws Exception {
    // A member in every other respect, but offering only TLS 1.2: the transport is TLS 1.3 alone.
    RpcTestPeer server = server(SECRET);
    Identity member = Identity.generate();
    PeerTls memberTls = PeerTls.create(member, SECRET);
    assertRefused(server, "TLSv1.2", member.privateKey(), memberTls.certificate());
  }

  /**
   * A client built by hand (not through {@code PeerTls}) with {@code protocol}, {@code key} and
   * {@code certificate}, checking the server as a member would: its call never reaches the server.
   */
  private void assertRefused(
      RpcTestPeer server, String protocol, PrivateKey key, X509Certificate certificate)
      throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(server.address())
            .sslContext(
                GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .protocols(protocol)
                    .keyManager(key, certificate)
                    .trustManager(
                        new PeerTrustManager(
                            "hand-built",
                            SecretAuthority.of(SECRET),
                            server.id(),
                            InstantSource.system()))
                    .build())
            .overrideAuthority(server.id().toString())
            .build();
    try {
      assertThatThrownBy(() -> call(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      channel.shutdownNow();
    }
    assertThat(callers).isEmpty();
  }

  @Test
  void wrongSecret_clientThatSkipsItsOwnChecks_isRefusedByTheServer() throws Exception {
    // A modified client that trusts any server: the server alone must keep it out.
    RpcTestPeer server = server(SECRET);
    Identity outsider = Identity.generate();
    byte[] other = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    PeerTls outsiderTls = PeerTls.create(outsider, other);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(server.address())
            .sslContext(
                GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .keyManager(outsider.privateKey(), outsiderTls.certificate())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build())
            .overrideAuthority(server.id().toString())
            .build();
    try {
      assertThatThrownBy(() -> call(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      channel.shutdownNow();
    }
    assertThat(callers).isEmpty();
  }

  private static void call(ManagedChannel channel) {
    CidList request =
        CidList.newBuilder()
            .addCids(com.google.protobuf.ByteString.copyFrom(CID.toBytes()))
            .build();
    ConsensusGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .fetchBlocks(request)
        .forEachRemaining(b -> {});
  }

  private void assertRefused(RpcTestPeer client, PeerId peer) {
    assertThatThrownBy(() -> fetch(client, peer))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(callers).as("calls that reached the server").isEmpty();
  }
}

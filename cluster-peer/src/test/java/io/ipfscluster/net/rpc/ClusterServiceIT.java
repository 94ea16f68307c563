package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Cluster.ID} and {@code Cluster.PeerAdd} are open to any peer of the cluster; {@code
 * Cluster.Peers} and the local halves of the global fan-outs ({@code RecoverAllLocal}, {@code
 * RepoGCLocal}) to trusted ones.
 */
@Timeout(60)
class ClusterServiceIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final List<PeerId> PEERS =
      List.of(Identity.generate().peerId(), Identity.generate().peerId());
  private static final PeerId SELF = Identity.generate().peerId();

  private RpcTestPeer server;
  private RpcTestPeer client;
  private IdentityCluster cluster;

  @BeforeEach
  void start() {
    client = RpcTestPeer.client(SECRET);
    cluster = new IdentityCluster(SELF, PEERS);
    server = RpcTestPeer.server(SECRET, new ClusterService(cluster));
    client.knows(server);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void id_fromUntrustedPeer_answersTheRemoteIdentity() {
    PeerInfo id = client.cluster(server).id();
    assertThat(id.id()).isEqualTo(SELF);
    assertThat(id.peername()).isEqualTo("peer-" + SELF);
    assertThat(client.cluster(server).version().version()).isEqualTo("1.1.6");
  }

  @Test
  void peers_fromUntrustedPeer_isPermissionDenied() {
    assertThatThrownBy(
            () -> {
              try (Stream<PeerInfo> s = client.cluster(server).peers()) {
                s.toList();
              }
            })
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessage(
            "client does not have permissions to this method, service name: Cluster,"
                + " method name: Peers");
  }

  @Test
  void peers_fromTrustedPeer_streamsThePeersItSees() {
    server.trusts(client);
    try (Stream<PeerInfo> s = client.cluster(server).peers()) {
      assertThat(s.map(PeerInfo::id).toList()).isEqualTo(PEERS);
    }
  }

  @Test
  void peerAdd_fromUntrustedPeer_addsTheCallerItself() {
    PeerInfo added = client.cluster(server).peerAdd();

    assertThat(added.id()).isEqualTo(client.id());
    assertThat(cluster.added).containsExactly(client.id());
  }

  @Test
  void recoverAllLocal_fromTrustedPeer_streamsWhatThisPeerRequeued() {
    server.trusts(client);
    try (Stream<PinInfo> s = client.cluster(server).recoverAllLocal()) {
      assertThat(s.toList())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.cid()).isEqualTo(IdentityCluster.RECOVERED);
                assertThat(i.peer()).isEqualTo(SELF);
                assertThat(i.status()).isEqualTo(TrackerStatus.PIN_QUEUED);
                assertThat(i.name()).isEqualTo("recovered");
              });
    }
  }

  @Test
  void repoGcLocal_fromTrustedPeer_answersThisPeersCollection() {
    server.trusts(client);
    RepoGc gc = client.cluster(server).repoGcLocal();
    assertThat(gc.peer()).isEqualTo(SELF);
    assertThat(gc.keys()).extracting(RepoGcKey::key).containsExactly(IdentityCluster.COLLECTED);
  }

  @Test
  void fanOutHalves_fromUntrustedPeer_arePermissionDenied() {
    assertThatThrownBy(() -> client.cluster(server).repoGcLocal())
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(
            () -> {
              try (Stream<PinInfo> s = client.cluster(server).recoverAllLocal()) {
                s.toList();
              }
            })
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }
}

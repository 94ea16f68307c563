package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static io.ipfscluster.consensus.raft.RaftTestPeers.cids;
import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Raft over TLS: who may join and talk to a group, with and without a cluster secret. */
@Timeout(120)
class RaftTransportSecurityIT {
  private static final byte[] OTHER_SECRET = RaftTestPeers.secret(8);

  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<PeerId> originalIds() {
    return cluster.members().stream().limit(3).map(RaftCluster.Member::id).sorted().toList();
  }

  /** Three members with the test secret, a leader elected and pin 1 on all of them. */
  private RaftCluster.Member startThreeWithAPin(byte[] secret) {
    cluster = new RaftCluster(root, 3, secret, c -> c);
    cluster.startAll();
    RaftCluster.Member leader = cluster.awaitLeader();
    leader.consensus.logPin(pin(1));
    awaitAllThreeHave(Set.of(cid(1)));
    return leader;
  }

  private void awaitAllThreeHave(Set<Cid> expected) {
    for (RaftCluster.Member m : cluster.members().subList(0, 3)) {
      await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).equals(expected));
    }
  }

  /** The group is as it was: three voters, pin 1 only, and it still commits. */
  private void assertGroupUntouched(RaftCluster.Member leader) {
    for (RaftCluster.Member m : cluster.members().subList(0, 3)) {
      assertThat(m.consensus.peers()).isEqualTo(originalIds());
      assertThat(cids(m.consensus)).containsExactly(cid(1));
    }
    leader.consensus.logPin(pin(2));
    awaitAllThreeHave(Set.of(cid(1), cid(2)));
  }

  @Test
  void addPeer_ofAPeerWithAnotherSecret_failsNamingTheSecret_andTheGroupIsUntouched() {
    RaftCluster.Member leader = startThreeWithAPin(RaftTestPeers.SECRET);
    RaftCluster.Member outsider = cluster.add(root, 3);
    outsider.secret = OTHER_SECRET;
    cluster.start(outsider, true);

    assertThatThrownBy(() -> leader.consensus.addPeer(outsider.id()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("raft cannot add " + outsider.id())
        .hasMessageContaining("not issued with this cluster's secret");

    assertGroupUntouched(leader);
    assertThat(outsider.consensus.peers()).isEmpty();
    assertThat(cids(outsider.consensus)).isEmpty();
  }

  @Test
  void logPin_onAPeerWithAnotherSecret_thatNamesTheGroup_failsNamingTheSecret() {
    RaftCluster.Member leader = startThreeWithAPin(RaftTestPeers.SECRET);
    RaftCluster.Member outsider = cluster.add(root, 3);
    outsider.secret = OTHER_SECRET;
    outsider.tune = c -> RaftTestPeers.givingUpAfter(c, Duration.ofSeconds(1));
    cluster.start(outsider, false); // init_peerset: the three members and itself

    assertThatThrownBy(() -> outsider.consensus.logPin(pin(3)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("Raft commit failed")
        .hasMessageContaining("not issued with this cluster's secret");

    assertThatThrownBy(() -> outsider.consensus.leader()).isInstanceOf(ClusterException.class);
    assertGroupUntouched(leader);
  }

  @Test
  void aClientWithAnotherSecret_cannotWriteToTheGroup_evenIfItTrustsAnyServer() {
    RaftCluster.Member leader = startThreeWithAPin(RaftTestPeers.SECRET);
    PeerTls outsider = PeerTls.create(RaftTestPeers.identity(900), OTHER_SECRET);

    // It skips its own checks, so the members' servers are the ones that must refuse it.
    assertThatThrownBy(() -> send(outsider, new TrustingAnyServer(), leader, pin(3)))
        .hasStackTraceContaining("SSL");

    assertGroupUntouched(leader);
  }

  @Test
  void aClientWithAnotherSecret_refusesTheMembers_andSaysWhy() {
    RaftCluster.Member leader = startThreeWithAPin(RaftTestPeers.SECRET);
    PeerTls outsider = PeerTls.create(RaftTestPeers.identity(900), OTHER_SECRET);
    MemberTrustManager trust =
        new MemberTrustManager(
            outsider.logId(), outsider.trustManager(), new RaftMembers(groupPeers(leader)));

    long before = System.nanoTime();

    assertThatThrownBy(() -> send(outsider, trust, leader, pin(3)));

    assertThat(trust.refusalsSince(before))
        .hasValueSatisfying(r -> assertThat(r).contains("not issued with this cluster's secret"));
    assertThat(trust.refusalsSince(System.nanoTime())).isEmpty(); // only what happened since
    assertGroupUntouched(leader);
  }

  @Test
  void aClientWithTheSecret_thatIsNotAMember_isRefusedByTheMembers() {
    RaftCluster.Member leader = startThreeWithAPin(RaftTestPeers.SECRET);
    PeerTls stranger = PeerTls.create(RaftTestPeers.identity(901), RaftTestPeers.SECRET);

    assertThatThrownBy(() -> send(stranger, new TrustingAnyServer(), leader, pin(3)))
        .hasStackTraceContaining("SSL");

    assertGroupUntouched(leader);
  }

  @Test
  void openNetwork_onAllPeers_replicatesAndAddsPeers() {
    RaftCluster.Member leader = startThreeWithAPin(new byte[0]);
    RaftCluster.Member fourth = cluster.add(root, 3);
    cluster.start(fourth, true);

    leader.consensus.addPeer(fourth.id());
    fourth.consensus.waitForSync(RaftCluster.DEADLINE);
    cluster.aFollower(leader).consensus.logPin(pin(2));

    for (RaftCluster.Member m : cluster.members()) {
      await()
          .atMost(RaftCluster.DEADLINE)
          .until(() -> cids(m.consensus).equals(Set.of(cid(1), cid(2))));
    }
    assertThat(fourth.consensus.peers()).hasSize(4);
  }

  private static Collection<RaftPeer> groupPeers(RaftCluster.Member member) {
    return member.consensus.division().getRaftConf().getCurrentPeers();
  }

  /** Sends one pin entry to the group of {@code member} with a bare Ratis client on {@code tls}. */
  private static void send(
      PeerTls tls, X509ExtendedTrustManager trust, RaftCluster.Member member, Pin pin)
      throws Exception {
    try (RaftClient client =
        RaftClient.newBuilder()
            .setProperties(RaftSettings.client(RaftTestPeers.fastConfig(List.of())))
            .setParameters(RaftTls.parameters(tls, trust))
            .setRaftGroup(RaftGroup.valueOf(RaftConsensus.GROUP_ID, groupPeers(member)))
            .setRetryPolicy(RetryPolicies.noRetry())
            .build()) {
      byte[] entry = new LogEntry(List.of(LogEntry.Op.pin(pin))).encode();
      var reply = client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
      if (!reply.isSuccess()) {
        throw reply.getException();
      }
    }
  }

  /** A client that checks nothing, as a peer that wants to reach a group's servers would. */
  private static final class TrustingAnyServer extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Peer networks on loopback, without the rest of a peer: joining, DNS addresses, the file. */
@Timeout(60)
class PeerNetworkTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed");

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private LoopbackDnsServer dns;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private PeerNetwork start(String name, List<Multiaddr> peerAddresses) throws Exception {
    return start(name, peerAddresses, SECRET);
  }

  private PeerNetwork start(String name, List<Multiaddr> peerAddresses, byte[] secret)
      throws Exception {
    if (dns == null) {
      dns = LoopbackDnsServer.start();
      open.add(dns);
    }
    AddressResolver resolver =
        AddressResolver.builder().server(dns.address()).timeout(Duration.ofSeconds(2)).build();
    PeerNetwork n =
        PeerNetwork.start(
            new PeerNetwork.Settings(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                secret,
                peerAddresses,
                dir.resolve(name + ".peerstore"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                ConnectionManagerConfig.defaults(),
                RpcLimits.defaults(),
                resolver,
                GossipParams.defaults()),
            Identity.generate(),
            RpcPolicy.defaults(),
            p -> true,
            List.of(),
            InstantSource.system());
    open.add(n);
    return n;
  }

  private static String port(PeerNetwork n) {
    return n.addresses().getFirst().valueOf(io.ipfscluster.multiformats.Protocol.TCP).orElseThrow();
  }

  @Test
  void join_throughDnsaddr_resolvesAndConnects() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    dns.txt("_dnsaddr.cluster.test", "dnsaddr=" + a.addresses().getFirst());

    PeerId joined = b.join(Multiaddr.parse("/dnsaddr/cluster.test/p2p/" + a.self()));

    assertThat(joined).isEqualTo(a.self());
    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void join_throughDns4_resolvesAndConnects() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    dns.a("a.cluster.test", "127.0.0.1");

    b.join(Multiaddr.parse("/dns4/a.cluster.test/tcp/" + port(a) + "/p2p/" + a.self()));

    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void join_peerKnownByIdAlone_addressLearntFromAnotherPeer() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    PeerNetwork c = start("c", List.of());
    b.join(a.addresses().getFirst());
    c.join(a.addresses().getFirst());

    PeerId joined = c.join(Multiaddr.parse("/p2p/" + b.self()));

    assertThat(joined).isEqualTo(b.self());
    assertThat(b.peers()).contains(c.self());
  }

  @Test
  void join_unknownPeerId_failsNamingIt() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerId nobody = Identity.generate().peerId();

    assertThatThrownBy(() -> a.join(Multiaddr.parse("/p2p/" + nobody)))
        .isInstanceOf(ClusterException.class)
        .hasMessage("no address known for peer " + nobody);
  }

  @Test
  void bootstrap_configuredPeerAddresses_reachesThem() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of(a.addresses().getFirst()));

    assertThat(b.bootstrap()).isEqualTo(1);
    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void close_writesThePeerstoreFile() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    b.join(a.addresses().getFirst());

    b.close();

    assertThat(PeerstoreFile.read(dir.resolve("b.peerstore")))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.peerId()).contains(a.self()));
  }

  @Test
  void announce_ip4Wildcard_everyIp4AddressOfThisHost_loopbackLast() {
    PeerId self = Identity.generate().peerId();

    List<Multiaddr> out =
        PeerNetwork.announce(new java.net.InetSocketAddress("0.0.0.0", 0), 4001, self);

    assertThat(out)
        .isNotEmpty()
        .allSatisfy(
            a -> assertThat(a.toString()).startsWith("/ip4/").endsWith("/tcp/4001/p2p/" + self));
    assertThat(out.getLast().toString()).startsWith("/ip4/127.");
  }

  @Test
  void pubsub_peersJoinedThroughOne_messageFromTheLastReachesEveryOther() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    PeerNetwork c = start("c", List.of());
    b.join(a.addresses().getFirst());
    c.join(a.addresses().getFirst());
    Map<PeerId, Set<String>> received = new ConcurrentHashMap<>();
    for (PeerNetwork n : List.of(a, b, c)) {
      Set<String> got = ConcurrentHashMap.newKeySet();
      received.put(n.self(), got);
      n.pubsub()
          .subscribe(
              "test-topic",
              m -> {
                assertThat(m.from()).isEqualTo(c.self());
                got.add(new String(m.data(), StandardCharsets.UTF_8));
              });
    }

    // Until the subscriptions have spread, a message may find no subscriber: publish again.
    int[] sent = {0};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              c.pubsub().publish("test-topic", ("m" + sent[0]++).getBytes(StandardCharsets.UTF_8));
              return !received.get(a.self()).isEmpty() && !received.get(b.self()).isEmpty();
            });

    String last = "m" + (sent[0] - 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> received.get(a.self()).contains(last) && received.get(b.self()).contains(last));
  }

  @Test
  void discovered_peerWithTheSecret_joinsBothWays() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());

    boolean joined = a.discovered(b.self(), b.addresses()).get(30, TimeUnit.SECONDS);

    assertThat(joined).isTrue();
    assertThat(a.peers()).containsExactly(b.self());
    assertThat(a.addresses(b.self())).containsAll(b.addresses());
    assertThat(b.peers()).containsExactly(a.self());
  }

  @Test
  void discovered_peerAlreadyTalkedToAtThoseAddresses_isNotDialledAgain() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    a.join(b.addresses().getFirst());

    CompletableFuture<Boolean> joined = a.discovered(b.self(), b.addresses());

    assertThat(joined).isCompletedWithValue(true);
  }

  @Test
  void discovered_peerOfAnotherCluster_neverBecomesAMember() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork stranger = start("stranger", List.of(), new byte[32]);

    boolean joined = a.discovered(stranger.self(), stranger.addresses()).get(30, TimeUnit.SECONDS);

    assertThat(joined).isFalse();
    assertThat(a.peers()).isEmpty();
    assertThat(stranger.peers()).isEmpty();
    // Left alone for a while: heard again, it is not dialled again.
    assertThat(a.discovered(stranger.self(), stranger.addresses())).isCompletedWithValue(false);
  }

  @Test
  void discovered_addressesNamingAnotherPeer_areIgnored() throws Exception {
    PeerNetwork a = start("a", List.of());
    PeerNetwork b = start("b", List.of());
    PeerId other = Identity.generate().peerId();

    boolean joined = a.discovered(other, b.addresses()).get(30, TimeUnit.SECONDS);

    assertThat(joined).isFalse();
    assertThat(a.peers()).isEmpty();
  }
}

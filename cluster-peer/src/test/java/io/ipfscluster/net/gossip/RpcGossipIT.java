package io.ipfscluster.net.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.RpcTestPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gossip routers on the real peer transport: each peer with its own RPC server and mutual TLS on
 * loopback, its router on an {@link io.ipfscluster.net.rpc.RpcGossipTransport}.
 */
@Timeout(60)
class RpcGossipIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final String TOPIC = "monitor.metrics";
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A fast heartbeat, so meshes form and repair within the tests' waits. */
  private static final GossipParams PARAMS =
      GossipParams.defaults().withHeartbeatInterval(Duration.ofMillis(100));

  private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(2);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<PeerId, List<GossipMessage>> received = new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    heartbeats.shutdownNow();
  }

  /** A peer on the network and its started router, subscribed to {@link #TOPIC}. */
  private record Node(RpcTestPeer peer, GossipRouter router) {
    PeerId id() {
      return peer.id();
    }
  }

  private Node node() {
    RpcTestPeer peer = RpcTestPeer.gossip(Identity.generate(), SECRET, 1 << 20);
    open.add(peer);
    GossipRouter router =
        GossipRouter.builder(peer.identity(), peer.transport())
            .params(PARAMS)
            .scheduler(heartbeats)
            .build();
    open.add(router);
    router.start();
    List<GossipMessage> inbox = new CopyOnWriteArrayList<>();
    received.put(peer.id(), inbox);
    router.subscribe(TOPIC, inbox::add);
    return new Node(peer, router);
  }

  /** {@code n} nodes, each having dialled those before it, with full meshes. */
  private List<Node> cluster(int n) throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(node());
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        nodes.get(i).peer().knows(nodes.get(j).peer());
        nodes.get(i).peer().transport().connect(nodes.get(j).id()).get(20, TimeUnit.SECONDS);
      }
    }
    for (Node node : nodes) {
      Set<PeerId> others =
          nodes.stream()
              .map(Node::id)
              .filter(p -> !p.equals(node.id()))
              .collect(Collectors.toSet());
      await().atMost(WAIT).until(() -> node.router().meshPeers(TOPIC).equals(others));
    }
    return nodes;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<GossipMessage> inbox(Node n) {
    return received.get(n.id());
  }

  @Test
  void publish_onOnePeer_isDeliveredExactlyOnceToEverySubscriber() throws Exception {
    List<Node> nodes = cluster(5);
    List<MessageId> published = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      published.add(nodes.get(i % 5).router().publish(TOPIC, bytes("message " + i)));
    }

    for (Node n : nodes) {
      await().atMost(WAIT).until(() -> inbox(n).size() >= published.size());
    }
    for (Node n : nodes) {
      assertThat(inbox(n))
          .extracting(GossipMessage::id)
          .containsExactlyInAnyOrderElementsOf(published);
      assertThat(n.peer().transport().connectedPeers()).hasSize(4);
    }
  }

  @Test
  void streamDies_peerIsDisconnectedThenReconnectsOnConnect() throws Exception {
    List<Node> nodes = cluster(3);
    Node a = nodes.get(1);
    Node b = nodes.get(0); // a dialled b

    a.peer().channels().forget(b.id()); // the connection under their stream dies
    await().atMost(WAIT).until(() -> !b.router().topicPeers(TOPIC).contains(a.id()));
    await().atMost(WAIT).until(() -> !a.router().topicPeers(TOPIC).contains(b.id()));
    assertThat(a.peer().transport().connectedPeers()).doesNotContain(b.id());

    // Still delivered, through the third peer.
    MessageId meanwhile = a.router().publish(TOPIC, bytes("while apart"));
    await().atMost(WAIT).until(() -> inbox(b).stream().anyMatch(m -> m.id().equals(meanwhile)));

    a.peer().transport().connect(b.id()).get(20, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> b.router().meshPeers(TOPIC).contains(a.id()));
    await().atMost(WAIT).until(() -> a.router().meshPeers(TOPIC).contains(b.id()));
    MessageId after = b.router().publish(TOPIC, bytes("together again"));
    for (Node n : nodes) {
      await().atMost(WAIT).until(() -> inbox(n).stream().anyMatch(m -> m.id().equals(after)));
    }
  }

  @Test
  void frameWithForgedSender_isRejectedBySignatureCheck() throws Exception {
    List<Node> nodes = cluster(2);
    Node alice = nodes.get(0);
    Node victim = nodes.get(1);
    // Mallory holds the secret, so the TLS admits it; it speaks raw frames, without a router.
    RpcTestPeer mallory = RpcTestPeer.gossip(Identity.generate(), SECRET, 1 << 20);
    open.add(mallory);
    mallory.knows(victim.peer());
    mallory.transport().start(new Ignore());
    mallory.transport().connect(victim.id()).get(20, TimeUnit.SECONDS);
    Identity malloryKey = mallory.identity();

    long seqno = 7;
    byte[] evil = bytes("pin evil");
    GossipMessage forged =
        new GossipMessage(
            alice.id(),
            seqno,
            TOPIC,
            evil,
            malloryKey.sign(FrameCodec.signedBytes(alice.id(), seqno, TOPIC, evil)));
    GossipMessage own = GossipMessage.sign(malloryKey, 8, TOPIC, bytes("signed by its sender"));
    // Frames on one stream arrive in order: once the second is delivered, the first was judged.
    assertThat(mallory.transport().send(victim.id(), frameOf(forged))).isTrue();
    assertThat(mallory.transport().send(victim.id(), frameOf(own))).isTrue();

    await().atMost(WAIT).until(() -> inbox(victim).stream().anyMatch(m -> m.equals(own)));
    assertThat(victim.router().stats().messagesRejected()).isEqualTo(1);
    assertThat(inbox(victim)).containsExactly(own);
    await().atMost(WAIT).until(() -> inbox(alice).contains(own));
    assertThat(inbox(alice)).containsExactly(own);
  }

  private static byte[] frameOf(GossipMessage m) {
    return FrameCodec.encode(
        new Frame(List.of(), List.of(m), List.of(), List.of(), List.of(), List.of()));
  }

  /** A listener for a peer that only sends. */
  private static final class Ignore implements GossipTransport.Listener {
    @Override
    public void peerConnected(PeerId peer) {}

    @Override
    public void peerDisconnected(PeerId peer) {}

    @Override
    public void frameReceived(PeerId from, byte[] frame) {}
  }
}

package io.ipfscluster.net.gossip;

import static io.ipfscluster.net.gossip.SimulatedCluster.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GossipDeliveryTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void publish_in30PeerNetwork_reachesEverySubscriberOnce() {
    try (SimulatedCluster c = new SimulatedCluster(30)) {
      c.subscribeAll(TOPIC);
      c.heartbeats(3);
      Random pick = new Random(7);
      List<MessageId> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        GossipRouter publisher = c.router(pick.nextInt(30));
        ids.add(publisher.publish(TOPIC, bytes("metric " + i)));
        c.run(Duration.ofMillis(50));
      }
      c.run(Duration.ofMillis(500));

      for (GossipRouter r : c.routers()) {
        for (MessageId id : ids) {
          assertThat(c.timesReceived(r, id)).as("%s received %s", r.peerId(), id).isEqualTo(1);
        }
      }
      // Messages reached peers by several paths, and the copies were dropped as duplicates.
      long duplicates = c.routers().stream().mapToLong(r -> r.stats().duplicates()).sum();
      assertThat(duplicates).isPositive();
    }
  }

  @Test
  void publish_beforeAnyHeartbeat_reachesEverySubscriber() {
    try (SimulatedCluster c = new SimulatedCluster(12)) {
      c.subscribeAll(TOPIC);
      c.run(Duration.ofMillis(100)); // subscriptions exchanged, meshes built from them
      MessageId id = c.router(3).publish(TOPIC, bytes("early"));
      c.run(Duration.ofMillis(200));

      for (GossipRouter r : c.routers()) {
        assertThat(c.timesReceived(r, id)).isEqualTo(1);
      }
    }
  }

  @Test
  void receive_sameFrameReplayed_deliversOnce() throws Exception {
    try (SimulatedCluster c = new SimulatedCluster(5)) {
      c.subscribeAll(TOPIC);
      c.heartbeats(2);
      GossipRouter a = c.router(0);
      GossipRouter b = c.router(1);
      GossipMessage m = GossipMessage.sign(c.identity(a), 7, TOPIC, bytes("once"));
      byte[] frame =
          FrameCodec.encode(
              new Frame(List.of(), List.of(m), List.of(), List.of(), List.of(), List.of()));

      for (int i = 0; i < 3; i++) {
        c.network.inject(a.peerId(), b.peerId(), frame);
        c.run(Duration.ofMillis(100));
      }

      assertThat(c.timesReceived(b, m.id())).isEqualTo(1);
      assertThat(b.stats().duplicates()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void receive_afterSeenTtl_deliversAgain() {
    GossipParams p = GossipParams.defaults();
    GossipParams shortTtl =
        new GossipParams(
            p.d(),
            p.dLow(),
            p.dHigh(),
            p.dLazy(),
            p.heartbeatInterval(),
            p.historyLength(),
            p.historyGossip(),
            Duration.ofSeconds(10),
            p.fanoutTtl(),
            p.pruneBackoff(),
            p.maxFrameBytes(),
            p.maxIHaveLength(),
            p.maxIHaveMessages(),
            p.gossipRetransmission(),
            p.floodPublish());
    try (SimulatedCluster c = new SimulatedCluster(shortTtl, 1)) {
      GossipRouter a = c.add();
      GossipRouter b = c.add();
      c.connectAll();
      c.subscribeAll(TOPIC);
      c.heartbeats(1);
      GossipMessage m = GossipMessage.sign(c.identity(a), 7, TOPIC, bytes("replayed later"));
      byte[] frame =
          FrameCodec.encode(
              new Frame(List.of(), List.of(m), List.of(), List.of(), List.of(), List.of()));

      c.network.inject(a.peerId(), b.peerId(), frame);
      c.run(Duration.ofSeconds(5));
      c.network.inject(a.peerId(), b.peerId(), frame);
      c.run(Duration.ofSeconds(1));
      assertThat(c.timesReceived(b, m.id())).isEqualTo(1);

      c.run(Duration.ofSeconds(10)); // the ID has expired from the seen cache
      c.network.inject(a.peerId(), b.peerId(), frame);
      c.run(Duration.ofSeconds(1));
      assertThat(c.timesReceived(b, m.id())).isEqualTo(2);
    }
  }

  @Test
  void publish_whenMeshLinksLoseIt_arrivesByIhaveAndIwant() {
    try (SimulatedCluster c = new SimulatedCluster(30)) {
      c.subscribeAll(TOPIC);
      c.heartbeats(3);
      GossipRouter isolated = c.router(29);
      PeerId target = isolated.peerId();
      // Every frame carrying messages to the isolated peer is lost for 500 ms: only the IHAVE
      // of the next heartbeat, and the answer to its IWANT afterwards, can bring the message.
      Instant lossUntil = c.time.instant().plusMillis(500);
      c.dropRule =
          (from, to, frame) ->
              to.equals(target) && c.time.instant().isBefore(lossUntil) && carriesMessages(frame);

      MessageId id = c.router(0).publish(TOPIC, bytes("repaired"));
      c.run(Duration.ofMillis(400));
      assertThat(c.timesReceived(isolated, id)).isZero();

      c.heartbeats(2);
      assertThat(c.timesReceived(isolated, id)).isEqualTo(1);
    }
  }

  private static boolean carriesMessages(byte[] frame) {
    try {
      return !FrameCodec.decode(frame).messages().isEmpty();
    } catch (MalformedFrameException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void publish_withoutSubscribing_reachesSubscribersThroughFanout() {
    try (SimulatedCluster c = new SimulatedCluster(20)) {
      GossipRouter outsider = c.router(0);
      for (GossipRouter r : c.routers().subList(1, 20)) {
        c.subscribe(r, TOPIC);
      }
      c.heartbeats(3);

      MessageId id = outsider.publish(TOPIC, bytes("from outside"));
      c.run(Duration.ofMillis(300));

      assertThat(outsider.meshPeers(TOPIC)).isEmpty();
      for (GossipRouter r : c.routers().subList(1, 20)) {
        assertThat(c.timesReceived(r, id)).isEqualTo(1);
      }
      assertThat(outsider.stats().messagesSent()).isEqualTo(c.params.d());
    }
  }

  @Test
  void unsubscribe_stopsDeliveryAndLeavesTheMesh() {
    try (SimulatedCluster c = new SimulatedCluster(10)) {
      AtomicReference<Subscription> leaving = new AtomicReference<>();
      for (GossipRouter r : c.routers()) {
        Subscription s = c.subscribe(r, TOPIC);
        if (r == c.router(9)) {
          leaving.set(s);
        }
      }
      c.heartbeats(3);
      GossipRouter leaver = c.router(9);

      leaving.get().close();
      c.run(Duration.ofMillis(100));
      MessageId id = c.router(0).publish(TOPIC, bytes("after leaving"));
      c.heartbeats(2);

      assertThat(c.timesReceived(leaver, id)).isZero();
      assertThat(leaver.meshPeers(TOPIC)).isEmpty();
      for (GossipRouter r : c.routers().subList(0, 9)) {
        assertThat(r.meshPeers(TOPIC)).doesNotContain(leaver.peerId());
        assertThat(r.topicPeers(TOPIC)).doesNotContain(leaver.peerId());
        assertThat(c.timesReceived(r, id)).isEqualTo(1);
      }
    }
  }
}

package io.ipfscluster.net.gossip;

import static io.ipfscluster.net.gossip.SimulatedCluster.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mesh: bounded degree, symmetry, newcomers grafted, departures repaired. */
@Timeout(60)
class GossipMeshTest {
  /** Half a heartbeat after a heartbeat: the grafts and prunes it sent have all arrived. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  private static void assertMeshesWithinBounds(SimulatedCluster c) {
    GossipParams p = c.params;
    for (GossipRouter r : c.routers()) {
      assertThat(r.meshPeers(TOPIC).size())
          .as("mesh degree of %s", r.peerId())
          .isBetween(p.dLow(), p.dHigh());
    }
  }

  private static void assertMeshesSymmetric(SimulatedCluster c) {
    for (GossipRouter r : c.routers()) {
      for (PeerId p : r.meshPeers(TOPIC)) {
        GossipRouter other =
            c.routers().stream().filter(o -> o.peerId().equals(p)).findFirst().orElseThrow();
        assertThat(other.meshPeers(TOPIC)).as("mesh of %s", p).contains(r.peerId());
      }
    }
  }

  @Test
  void heartbeat_in30PeerNetwork_keepsMeshDegreeWithinBounds() {
    try (SimulatedCluster c = new SimulatedCluster(30)) {
      c.subscribeAll(TOPIC);
      c.run(SETTLE);
      // Right after joining, inbound grafts can push meshes past d: never past d_high.
      for (GossipRouter r : c.routers()) {
        assertThat(r.meshPeers(TOPIC).size()).isLessThanOrEqualTo(c.params.dHigh());
      }
      for (int beat = 0; beat < 20; beat++) {
        c.heartbeats(1);
        c.run(Duration.ZERO);
        assertMeshesWithinBounds(c);
      }
      assertMeshesSymmetric(c);
    }
  }

  @Test
  void heartbeat_withPeersLeaving_graftsReplacementsWithinBounds() {
    try (SimulatedCluster c = new SimulatedCluster(30)) {
      c.subscribeAll(TOPIC);
      c.heartbeats(3);
      // Ten peers drop off the network; their neighbours fall short and graft others.
      List<GossipRouter> leaving = c.routers().subList(20, 30);
      for (GossipRouter gone : leaving) {
        for (GossipRouter r : c.routers()) {
          if (r != gone) {
            c.network.disconnect(gone.peerId(), r.peerId());
          }
        }
      }
      c.heartbeats(2);
      c.run(SETTLE);

      for (GossipRouter r : c.routers().subList(0, 20)) {
        assertThat(r.meshPeers(TOPIC).size()).isBetween(c.params.dLow(), c.params.dHigh());
        for (GossipRouter gone : leaving) {
          assertThat(r.meshPeers(TOPIC)).doesNotContain(gone.peerId());
        }
      }
      MessageId id = c.router(0).publish(TOPIC, "after churn".getBytes(StandardCharsets.UTF_8));
      c.run(SETTLE);
      for (GossipRouter r : c.routers().subList(0, 20)) {
        assertThat(c.timesReceived(r, id)).isEqualTo(1);
      }
    }
  }

  @Test
  void subscribe_peerJoiningLater_isGraftedAndReceivesThroughTheMesh() {
    try (SimulatedCluster c = new SimulatedCluster(30)) {
      c.subscribeAll(TOPIC);
      c.heartbeats(5);
      GossipRouter late = c.add();
      // It connects to ten of the peers, as a bootstrap would.
      Random pick = new Random(3);
      for (int i = 0; i < 10; i++) {
        c.network.connect(late.peerId(), c.router(pick.nextInt(30)).peerId());
      }
      c.subscribe(late, TOPIC);
      c.heartbeats(2);
      c.run(SETTLE);

      assertThat(late.meshPeers(TOPIC).size()).isBetween(c.params.dLow(), c.params.dHigh());
      assertMeshesSymmetric(c);
      // Published right after a heartbeat and awaited for less than one: only the mesh (not
      // IHAVE gossip) can bring it.
      MessageId id = c.router(0).publish(TOPIC, "welcome".getBytes(StandardCharsets.UTF_8));
      c.run(Duration.ofMillis(400));
      assertThat(c.timesReceived(late, id)).isEqualTo(1);
    }
  }

  @Test
  void graft_beyondDHigh_isRefusedWithPrune() {
    GossipParams small = GossipParams.defaults().withDegrees(2, 1, 3);
    try (SimulatedCluster c = new SimulatedCluster(small, 9)) {
      for (int i = 0; i < 8; i++) {
        c.add();
      }
      c.connectAll();
      c.subscribeAll(TOPIC);
      c.run(SETTLE);
      // Seven grafts reach the hub at once; it keeps at most d_high and prunes the others.
      GossipRouter hub = c.router(0);
      for (GossipRouter r : c.routers().subList(1, 8)) {
        c.network.inject(
            r.peerId(),
            hub.peerId(),
            FrameCodec.encode(
                new Frame(List.of(), List.of(), List.of(), List.of(), List.of(TOPIC), List.of())));
      }
      c.run(SETTLE);
      assertThat(hub.meshPeers(TOPIC).size()).isLessThanOrEqualTo(small.dHigh());
      c.heartbeats(3);
      c.run(SETTLE);
      assertMeshesWithinBounds(c);
    }
  }
}

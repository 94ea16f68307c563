package io.ipfscluster.net.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mesh rules of {@link MeshState} for one pair of peers, on a clock that stands still. */
class MeshStateTest {
  private static final String TOPIC = "monitor.metrics";
  private static final PeerId A = Identity.fromSeed(new byte[32]).peerId();
  private static final PeerId B = Identity.fromSeed(seed(1)).peerId();

  private static byte[] seed(int b) {
    byte[] s = new byte[32];
    s[0] = (byte) b;
    return s;
  }

  private static Frame subscribeAndGraft() {
    return new Frame(
        List.of(new Frame.SubscriptionChange(TOPIC, true)),
        List.of(),
        List.of(),
        List.of(),
        List.of(TOPIC),
        List.of());
  }

  private static Frame prune() {
    return new Frame(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(TOPIC));
  }

  /** Peer A subscribed to the topic, with B connected and in its mesh. */
  private static MeshState meshOfAWithB() {
    MeshState a =
        new MeshState(
            A,
            GossipParams.defaults(),
            InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")),
            new Random(1));
    a.subscribe(TOPIC, m -> {}, new Outbox());
    a.addPeer(B, new Outbox());
    a.handleControl(B, subscribeAndGraft(), new Outbox());
    assertThat(a.meshPeers(TOPIC)).containsExactly(B);
    return a;
  }

  @Test
  void graft_afterAPruneOnTheSameConnection_isRefusedDuringTheBackoff() {
    MeshState a = meshOfAWithB();
    a.handleControl(B, prune(), new Outbox());

    Outbox answer = new Outbox();
    a.handleControl(B, subscribeAndGraft(), answer);

    assertThat(a.meshPeers(TOPIC)).isEmpty();
    assertThat(answer.to(B).prune).containsExactly(TOPIC);
  }

  @Test
  void graft_ofAPeerThatLeftAndConnectedAgain_isAcceptedAtOnce() {
    MeshState a = meshOfAWithB();
    // B stops: it prunes its meshes, then its connection ends; a new process connects again.
    a.handleControl(B, prune(), new Outbox());
    a.removePeer(B);
    a.addPeer(B, new Outbox());

    Outbox answer = new Outbox();
    a.handleControl(B, subscribeAndGraft(), answer);

    assertThat(a.meshPeers(TOPIC)).containsExactly(B);
    assertThat(answer.to(B).prune).isEmpty();
  }
}

package io.ipfscluster.net.gossip;

import static io.ipfscluster.net.gossip.SimulatedCluster.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Forged, untrusted, oversized and malformed input from a neighbour. */
@Timeout(60)
class GossipSecurityTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] frameOf(GossipMessage... messages) {
    return FrameCodec.encode(
        new Frame(List.of(), List.of(messages), List.of(), List.of(), List.of(), List.of()));
  }

  /** A cluster of {@code n} routers plus a connected attacker that only injects frames. */
  private static PeerId attacker(SimulatedCluster c, Identity id) {
    c.network.transport(id.peerId());
    for (GossipRouter r : c.routers()) {
      c.network.connect(id.peerId(), r.peerId());
    }
    return id.peerId();
  }

  @Test
  void receive_forgedSignature_isRejectedAndDoesNotShadowTheGenuineMessage() {
    try (SimulatedCluster c = new SimulatedCluster(10)) {
      c.subscribeAll(TOPIC);
      Identity mallory = c.newIdentity();
      PeerId m = attacker(c, mallory);
      c.heartbeats(2);
      GossipRouter alice = c.router(0);
      GossipRouter victim = c.router(5);
      long seqno = 123;
      // Claims to come from alice but is signed with mallory's key.
      byte[] forgedSig =
          mallory.sign(FrameCodec.signedBytes(alice.peerId(), seqno, TOPIC, bytes("pin evil")));
      GossipMessage forged =
          new GossipMessage(alice.peerId(), seqno, TOPIC, bytes("pin evil"), forgedSig);
      // Alice's genuine signature over other data.
      GossipMessage genuine = GossipMessage.sign(c.identity(alice), seqno, TOPIC, bytes("ok"));
      GossipMessage tampered =
          new GossipMessage(alice.peerId(), seqno, TOPIC, bytes("pin evil"), genuine.signature());

      c.network.inject(m, victim.peerId(), frameOf(forged, tampered));
      c.run(Duration.ofMillis(200));

      assertThat(victim.stats().messagesRejected()).isEqualTo(2);
      for (GossipRouter r : c.routers()) {
        assertThat(c.received(r)).isEmpty();
      }

      // The same (publisher, seqno) with alice's real signature is still accepted and spread
      // (to everyone but alice: a message is never sent back to its publisher).
      c.network.inject(m, victim.peerId(), frameOf(genuine));
      c.run(Duration.ofMillis(300));
      for (GossipRouter r : c.routers().subList(1, 10)) {
        assertThat(c.received(r)).containsExactly(genuine);
      }
    }
  }

  @Test
  void validatorReject_stopsPropagation() {
    try (SimulatedCluster c = new SimulatedCluster(20)) {
      GossipRouter untrusted = c.router(0);
      GossipRouter trusted = c.router(1);
      c.subscribeAll(TOPIC);
      for (GossipRouter r : c.routers().subList(1, 20)) {
        r.setValidator(
            TOPIC,
            (source, msg) ->
                msg.from().equals(untrusted.peerId())
                    ? ValidationResult.REJECT
                    : ValidationResult.ACCEPT);
      }
      c.heartbeats(3);
      long[] sentBefore = c.routers().stream().mapToLong(r -> r.stats().messagesSent()).toArray();

      MessageId bad = untrusted.publish(TOPIC, bytes("from an untrusted peer"));
      c.heartbeats(3);

      for (int i = 1; i < 20; i++) {
        GossipRouter r = c.router(i);
        assertThat(c.timesReceived(r, bad)).isZero();
        // Nobody forwarded it, nor answered an IWANT for it: only its publisher sent it.
        assertThat(r.stats().messagesSent()).isEqualTo(sentBefore[i]);
      }
      long rejections = c.routers().stream().mapToLong(r -> r.stats().messagesRejected()).sum();
      // Each neighbour that got it rejected it once: a rejected ID is remembered as seen.
      assertThat(rejections).isBetween((long) untrusted.meshPeers(TOPIC).size(), 19L);

      // A trusted peer's messages still travel.
      MessageId good = trusted.publish(TOPIC, bytes("from a trusted peer"));
      c.run(Duration.ofMillis(300));
      for (GossipRouter r : c.routers()) {
        assertThat(c.timesReceived(r, good)).isEqualTo(1);
      }
    }
  }

  @Test
  void publish_rejectedByOwnValidator_throws() {
    try (SimulatedCluster c = new SimulatedCluster(3)) {
      GossipRouter r = c.router(0);
      r.setValidator(TOPIC, (source, msg) -> ValidationResult.REJECT);
      assertThatThrownBy(() -> r.publish(TOPIC, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rejected");
    }
  }

  @Test
  void receive_malformedOrOversizedFrames_areDroppedAndThePeerKeepsWorking() {
    try (SimulatedCluster c = new SimulatedCluster(6)) {
      c.subscribeAll(TOPIC);
      PeerId m = attacker(c, c.newIdentity());
      c.heartbeats(2);
      GossipRouter victim = c.router(2);
      GossipMessage valid = GossipMessage.sign(c.identity(c.router(0)), 1, TOPIC, bytes("v"));
      byte[] good = frameOf(valid);
      List<byte[]> bad =
          List.of(
              new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, // truncated varint tag
              Arrays.copyOf(good, good.length - 10), // truncated message
              new byte[] {0x12, 0x05, 0x0A, 0x03, 0x00, 0x01, 0x02}, // bad peer ID bytes
              new byte[] {0x2A, 0x02, (byte) 0xC3, 0x28}, // graft topic not UTF-8
              new byte[] {0x0B}, // group wire type
              new byte[c.params.maxFrameBytes() + 1]); // oversized

      for (byte[] frame : bad) {
        c.network.inject(m, victim.peerId(), frame);
      }
      c.run(Duration.ofMillis(100));

      assertThat(victim.stats().framesDropped()).isEqualTo(bad.size());
      assertThat(c.received(victim)).isEmpty();
      MessageId after = c.router(4).publish(TOPIC, bytes("still working"));
      c.run(Duration.ofMillis(200));
      assertThat(c.timesReceived(victim, after)).isEqualTo(1);
    }
  }

  @Test
  void publish_overFrameLimit_isRefused() {
    try (SimulatedCluster c = new SimulatedCluster(2)) {
      assertThatThrownBy(() -> c.router(0).publish(TOPIC, new byte[c.params.maxFrameBytes()]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exceeds the frame limit");
    }
  }
}

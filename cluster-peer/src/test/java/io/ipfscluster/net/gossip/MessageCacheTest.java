package io.ipfscluster.net.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MessageCacheTest {
  private final Identity alice = Identity.fromSeed(new byte[32]);
  private final PeerId bob =
      Identity.fromSeed(
              new byte[] {
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1
              })
          .peerId();

  private GossipMessage message(long seqno, String topic) {
    return GossipMessage.sign(alice, seqno, topic, new byte[] {1});
  }

  @Test
  void gossipIds_skipTheCurrentWindowAndStopAfterHistoryGossip() {
    MessageCache cache = new MessageCache(4, 2);
    GossipMessage m = message(1, "t");
    cache.put(m, 0);
    cache.put(message(2, "other"), 0);

    assertThat(cache.gossipIds("t")).isEmpty(); // still in the current window
    cache.shift();
    assertThat(cache.gossipIds("t")).containsExactly(m.id());
    cache.shift();
    assertThat(cache.gossipIds("t")).containsExactly(m.id());
    cache.shift();
    assertThat(cache.gossipIds("t")).isEmpty(); // no longer advertised, still fetchable
    assertThat(cache.getForPeer(m.id(), bob, 3, 12)).isEqualTo(m);
    cache.shift();
    assertThat(cache.getForPeer(m.id(), bob, 3, 12)).isNull(); // out of the history
  }

  @Test
  void getForPeer_limitsRetransmissionsPerPeerAndSendsInAll() {
    MessageCache cache = new MessageCache(3, 1);
    GossipMessage m = message(1, "t");
    cache.put(m, 10);

    assertThat(cache.getForPeer(m.id(), bob, 1, 12)).isEqualTo(m);
    assertThat(cache.getForPeer(m.id(), bob, 1, 12)).isNull(); // bob had it once
    assertThat(cache.getForPeer(m.id(), alice.peerId(), 1, 12)).isEqualTo(m); // 12th send
    PeerId carol = Identity.generate().peerId();
    assertThat(cache.getForPeer(m.id(), carol, 1, 12)).isNull(); // would be the 13th
  }

  @Test
  void seenCache_forgetsAfterTtl() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
    SeenCache seen = new SeenCache(Duration.ofSeconds(10), now::get);
    MessageId id = new MessageId(bob, 1);

    assertThat(seen.add(id)).isTrue();
    assertThat(seen.add(id)).isFalse();
    now.set(Instant.EPOCH.plusSeconds(9));
    assertThat(seen.contains(id)).isTrue();
    now.set(Instant.EPOCH.plusSeconds(10));
    assertThat(seen.contains(id)).isFalse();
    seen.expire();
    assertThat(seen.size()).isZero();
    assertThat(seen.add(id)).isTrue();
  }
}

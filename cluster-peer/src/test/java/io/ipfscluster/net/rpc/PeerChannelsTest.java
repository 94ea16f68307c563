package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection manager's trimming of dialled channels (channels connect lazily: no servers). */
class PeerChannelsTest {
  private final AtomicLong clock = new AtomicLong();
  private final List<PeerId> peers =
      IntStream.range(0, 6).mapToObj(i -> Identity.generate().peerId()).toList();
  private PeerChannels channels;

  private PeerChannels channels(int high, int low, Duration grace) {
    channels =
        new PeerChannels(
            PeerTls.create(Identity.generate(), new byte[0]),
            p -> List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)),
            Duration.ofSeconds(1),
            new ConnectionManagerConfig(high, low, grace),
            RpcLimits.defaults(),
            clock::get);
    return channels;
  }

  @AfterEach
  void close() {
    channels.close();
  }

  @Test
  void channel_beyondHighWater_trimsLeastRecentlyUsedToLowWater() {
    PeerChannels c = channels(3, 2, Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      c.channel(peers.get(i));
      clock.addAndGet(Duration.ofSeconds(2).toNanos());
    }
    c.channel(peers.get(0)); // used again: now the most recent of the three

    c.channel(peers.get(3));

    assertThat(c.peers()).containsExactlyInAnyOrder(peers.get(0), peers.get(3));
  }

  @Test
  void channel_beyondHighWater_sparesChannelsInTheirGracePeriod() {
    PeerChannels c = channels(2, 1, Duration.ofMinutes(2));
    c.channel(peers.get(0));
    c.channel(peers.get(1));

    c.channel(peers.get(2));

    assertThat(c.peers()).hasSize(3);
    clock.addAndGet(Duration.ofMinutes(3).toNanos());
    c.channel(peers.get(3));
    assertThat(c.peers()).containsExactly(peers.get(3));
  }

  @Test
  void channel_beyondHighWater_closesChannelsWithoutStreamsFirst() {
    PeerChannels c = channels(3, 2, Duration.ofSeconds(1));
    AtomicInteger told = new AtomicInteger();
    PeerChannels.Hold gossip = c.hold(peers.get(0), told::incrementAndGet);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    c.channel(peers.get(1));
    c.channel(peers.get(2));
    clock.addAndGet(Duration.ofSeconds(2).toNanos());

    c.channel(peers.get(3));

    // peers 1 and 2 were used after peer 0, but carry no stream.
    assertThat(c.peers()).containsExactlyInAnyOrder(peers.get(0), peers.get(3));
    assertThat(gossip.channel().isShutdown()).isFalse();
    assertThat(told).hasValue(0);
  }

  @Test
  void channel_beyondHighWaterWithEveryChannelHeld_closesHeldOnes_andTellsTheirHolders() {
    PeerChannels c = channels(2, 1, Duration.ofSeconds(1));
    Set<PeerId> told = ConcurrentHashMap.newKeySet();
    List<PeerChannels.Hold> holds = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      PeerId p = peers.get(i);
      holds.add(c.hold(p, () -> told.add(p)));
    }
    clock.addAndGet(Duration.ofSeconds(2).toNanos());

    c.channel(peers.get(2));

    // The gossip streams' channels are counted: the peer dials no more than high_water of them.
    assertThat(c.peers()).containsExactly(peers.get(2));
    assertThat(holds).allSatisfy(h -> assertThat(h.channel().isShutdown()).isTrue());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(told).containsExactlyInAnyOrder(peers.get(0), peers.get(1)));
  }

  @Test
  void hold_released_isNotToldWhenItsChannelCloses() {
    PeerChannels c = channels(1, 1, Duration.ofSeconds(1));
    AtomicInteger released = new AtomicInteger();
    AtomicInteger kept = new AtomicInteger();
    c.hold(peers.get(0), released::incrementAndGet).release();
    c.hold(peers.get(0), kept::incrementAndGet);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());

    c.channel(peers.get(1));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kept).hasValue(1));
    assertThat(released).hasValue(0);
  }

  @Test
  void channel_peerWithoutAddress_failsNamingIt() {
    PeerId unknown = peers.get(5);
    PeerChannels c =
        new PeerChannels(
            PeerTls.create(Identity.generate(), new byte[0]),
            p -> List.of(),
            Duration.ofSeconds(1),
            ConnectionManagerConfig.defaults(),
            RpcLimits.defaults());
    channels = c;
    assertThatThrownBy(() -> c.channel(unknown))
        .isInstanceOf(ClusterException.class)
        .hasMessage("no address known for peer " + unknown);
  }
}

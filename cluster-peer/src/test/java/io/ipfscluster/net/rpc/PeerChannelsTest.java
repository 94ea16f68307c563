package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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

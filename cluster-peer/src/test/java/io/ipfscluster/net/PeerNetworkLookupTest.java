package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.net.rpc.RemotePeerstore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer needing a peer whose address it does not know asks the peers it knows at once ({@link
 * AddressLookup}), on loopback, rather than failing until its next round of exchanges.
 */
@Timeout(60)
class PeerNetworkLookupTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9");
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @RegisterExtension final LoopbackNetworks networks = new LoopbackNetworks(SECRET);

  @Test
  void channel_toAPeerWhoseAddressIsUnknown_asksAlongAChainOfJoins() throws Exception {
    PeerNetwork a = networks.start("a");
    PeerNetwork b = networks.start("b");
    PeerNetwork c = networks.start("c");
    PeerNetwork d = networks.start("d");
    b.join(a.addresses().getFirst());
    c.join(b.addresses().getFirst());
    d.join(c.addresses().getFirst());
    // The rounds the joins started are over once every peer knows every other.
    for (PeerNetwork n : List.of(a, b, c, d)) {
      await().atMost(SETTLE).until(() -> n.peers().size() == 3);
    }
    // a forgets d (as when an address expired or was never passed on); only b, c and d know it,
    // and nobody will tell a before a's next round.
    a.block(d.self());
    a.unblock(d.self());
    assertThat(a.addresses(d.self())).isEmpty();

    List<Multiaddr> answer =
        new RemotePeerstore(a.channel(d.self()), d.self(), Duration.ofSeconds(5))
            .exchange(a.addresses());

    assertThat(a.addresses(d.self())).isNotEmpty();
    assertThat(answer).containsAll(d.addresses());
  }
}

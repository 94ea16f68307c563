package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.rpc.RemotePeerstore;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer needing a peer whose address it does not know asks the peers it knows at once ({@link
 * AddressLookup}), on loopback, rather than failing until its next round of exchanges.
 */
@Timeout(60)
class PeerNetworkLookupTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9");
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private PeerNetwork start(String name) throws Exception {
    PeerNetwork n =
        PeerNetwork.start(
            new PeerNetwork.Settings(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                SECRET,
                List.of(),
                dir.resolve(name + ".peerstore"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                ConnectionManagerConfig.defaults(),
                RpcLimits.defaults(),
                AddressResolver.systemResolvers(),
                GossipParams.defaults()),
            Identity.generate(),
            RpcPolicy.defaults(),
            p -> true,
            List.of(),
            InstantSource.system());
    open.add(n);
    return n;
  }

  @Test
  void channel_toAPeerWhoseAddressIsUnknown_asksAlongAChainOfJoins() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    PeerNetwork c = start("c");
    PeerNetwork d = start("d");
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

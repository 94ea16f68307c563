package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.net.gossip.GossipParams;
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

/** The peer network's block-list on loopback: a blocked peer is refused, not dialled, forgotten. */
@Timeout(60)
class PeerNetworkBlockTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed");

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
  void block_ofAJoinedPeer_forgetsIt_refusesItsCalls_andDoesNotDialIt() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    b.join(a.addresses().getFirst());
    assertThat(a.peers()).containsExactly(b.self());

    a.block(b.self());

    assertThat(a.blocks(b.self())).isTrue();
    assertThat(a.peers()).isEmpty();
    // b's connection, opened before the block, and any new one are refused.
    assertThatThrownBy(() -> b.join(a.addresses().getFirst())).isInstanceOf(ClusterException.class);
    assertThat(a.peers()).isEmpty();
    assertThatThrownBy(() -> a.channel(b.self()))
        .isInstanceOf(ClusterException.class)
        .hasMessage("peer " + b.self() + " is blocked by this peer");
    assertThatThrownBy(() -> a.join(b.addresses().getFirst()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("is blocked");
  }

  @Test
  void block_ofAPeerNeverSeen_refusesItsFirstConnection() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    a.block(b.self());

    assertThatThrownBy(() -> b.join(a.addresses().getFirst())).isInstanceOf(ClusterException.class);
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void unblock_ofABlockedPeer_letsItJoinAgain() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    b.join(a.addresses().getFirst());
    a.block(b.self());

    a.unblock(b.self());
    b.join(a.addresses().getFirst());

    assertThat(a.blocks(b.self())).isFalse();
    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void block_ofItself_changesNothing() throws Exception {
    PeerNetwork a = start("a");

    a.block(a.self());

    assertThat(a.blocks(a.self())).isFalse();
  }
}

package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.ClusterException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The peer network's block-list on loopback: a blocked peer is refused, not dialled, forgotten. */
@Timeout(60)
class PeerNetworkBlockTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed");

  @RegisterExtension final LoopbackNetworks networks = new LoopbackNetworks(SECRET);

  @Test
  void block_ofAJoinedPeer_forgetsIt_refusesItsCalls_andDoesNotDialIt() throws Exception {
    PeerNetwork a = networks.start("a");
    PeerNetwork b = networks.start("b");
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
    PeerNetwork a = networks.start("a");
    PeerNetwork b = networks.start("b");
    a.block(b.self());

    assertThatThrownBy(() -> b.join(a.addresses().getFirst())).isInstanceOf(ClusterException.class);
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void unblock_ofABlockedPeer_letsItJoinAgain() throws Exception {
    PeerNetwork a = networks.start("a");
    PeerNetwork b = networks.start("b");
    b.join(a.addresses().getFirst());
    a.block(b.self());

    a.unblock(b.self());
    b.join(a.addresses().getFirst());

    assertThat(a.blocks(b.self())).isFalse();
    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void block_ofItself_changesNothing() throws Exception {
    PeerNetwork a = networks.start("a");

    a.block(a.self());

    assertThat(a.blocks(a.self())).isFalse();
  }
}

package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.ConsensusService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer blocked as removed from the cluster ({@link PeerNetwork#blockRemoved}) on loopback: its
 * calls are refused with the claim that it was removed, and it may fetch its own removal record,
 * nothing else.
 */
@Timeout(60)
class PeerNetworkRemovalTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("4f2e8d1c7b6a59483726150f4e3d2c1b0a99887766554433221100ffeeddccbb");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension final LoopbackNetworks networks = new LoopbackNetworks(SECRET);

  /** The removal records each network serves, by removed peer. */
  private final Map<PeerId, Block> records = new ConcurrentHashMap<>();

  private PeerNetwork start(String name) throws Exception {
    return networks.start(
        name,
        List.of(
            new ConsensusService(
                cid -> Optional.empty(),
                range -> Stream.empty(),
                peer -> Optional.ofNullable(records.get(peer)))));
  }

  private static Block record(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    return new Block(Cid.v1(0x55, Multihash.compute(HashFunction.SHA2_256, data)), data);
  }

  @Test
  void blockRemoved_refusesTheRemovedPeersCallsWithTheClaim_andServesItItsRecord()
      throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    b.join(a.addresses().getFirst());
    List<PeerId> claims = new CopyOnWriteArrayList<>();
    b.onRemovalClaim(claims::add);
    Block recordOfB = record("b was removed");
    records.put(b.self(), recordOfB);

    a.blockRemoved(b.self());

    assertThat(a.blocks(b.self())).isTrue();
    assertThat(a.peers()).isEmpty();
    assertThatThrownBy(() -> b.join(a.addresses().getFirst()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("was removed from the cluster");
    assertThat(claims).contains(a.self());
    Block fetched = b.fetchRemovalRecord(a.self(), TIMEOUT);
    assertThat(fetched.cid()).isEqualTo(recordOfB.cid());
    assertThat(fetched.data()).isEqualTo(recordOfB.data());
  }

  @Test
  void fetchRemovalRecord_ofAPeerNotRemoved_isNotFound() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    PeerNetwork c = start("c");
    b.join(a.addresses().getFirst());
    c.join(a.addresses().getFirst());
    records.put(b.self(), record("b was removed"));
    a.blockRemoved(b.self());

    // c may ask, but only for its own record, and it has none.
    assertThatThrownBy(() -> c.fetchRemovalRecord(a.self(), TIMEOUT))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.NOT_FOUND));
  }

  @Test
  void block_ofAPeerNotRemoved_failsItsHandshakes_withoutAnyClaim() throws Exception {
    PeerNetwork a = start("a");
    PeerNetwork b = start("b");
    List<PeerId> claims = new CopyOnWriteArrayList<>();
    b.onRemovalClaim(claims::add);
    a.block(b.self());

    assertThatThrownBy(() -> b.join(a.addresses().getFirst())).isInstanceOf(ClusterException.class);
    assertThatThrownBy(() -> b.fetchRemovalRecord(a.self(), TIMEOUT))
        .isInstanceOf(ClusterException.class);
    assertThat(claims).isEmpty();
  }
}

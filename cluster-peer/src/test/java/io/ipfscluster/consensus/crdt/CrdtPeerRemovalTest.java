package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peer removal in CRDT mode (design §10): the replicated removal record, what it does to trust and
 * the peerset, and that it reaches other replicas and survives restarts and imports.
 */
@Timeout(60)
class CrdtPeerRemovalTest {
  private final Identity alice = identity(1);
  private final Identity bob = identity(2);
  private final Identity carol = identity(3);
  private final List<CrdtConsensus> opened = new ArrayList<>();
  private final List<Pin> puts = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(CrdtConsensus::close);
  }

  /** A consensus trusting everyone ({@code "*"}), that knows {@code known} besides its peerset. */
  private CrdtConsensus open(Datastore store, Identity id, Set<PeerId> known) {
    CrdtConsensus c =
        CrdtConsensus.builder(store, id, CrdtConfig.defaults())
            .hooks(puts::add, cid -> {})
            .knownPeers(known::contains)
            .build();
    opened.add(c);
    return c;
  }

  private static long listed(CrdtConsensus c) {
    try (Stream<Pin> pins = c.state().list(PinType.ALL)) {
      return pins.count();
    }
  }

  /** Merges into {@code to} what {@code from} has. */
  private static void sync(CrdtConsensus from, CrdtConsensus to) {
    to.sync(from.currentHeads(), (cid, source) -> from.block(cid));
  }

  @Test
  void removePeer_ofAKnownPeer_distrustsItDespiteStar_andLeavesThePinsetAlone() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(bob.peerId()));
    List<PeerId> heard = new CopyOnWriteArrayList<>();
    a.onPeerRemoved(heard::add);
    a.logPin(pin(1));
    assertThat(a.isTrustedPeer(bob.peerId())).isTrue();

    a.removePeer(bob.peerId());

    assertThat(a.isRemoved(bob.peerId())).isTrue();
    assertThat(a.isTrustedPeer(bob.peerId())).isFalse();
    assertThat(a.isTrustedPeer(carol.peerId())).isTrue();
    assertThat(heard).containsExactly(bob.peerId());
    assertThat(a.removedPeers()).containsExactly(bob.peerId());
    assertThat(listed(a)).isEqualTo(1);
    assertThat(a.info().pins()).isEqualTo(1);
    assertThat(a.state().has(RemovalRecord.key(bob.peerId()))).isFalse();
    assertThat(puts).extracting(Pin::cid).containsExactly(cid(1));
  }

  @Test
  void removePeer_twice_writesOneRecordAndTellsOnce() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(bob.peerId()));
    List<PeerId> heard = new CopyOnWriteArrayList<>();
    a.onPeerRemoved(heard::add);

    a.removePeer(bob.peerId());
    var vector = a.info().versionVector();
    a.removePeer(bob.peerId());

    assertThat(a.info().versionVector()).isEqualTo(vector);
    assertThat(heard).containsExactly(bob.peerId());
  }

  @Test
  void removePeer_ofItself_isInvalid() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of());

    assertThatThrownBy(() -> a.removePeer(alice.peerId()))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.INVALID))
        .hasMessageContaining("cannot remove itself");
    assertThat(a.isRemoved(alice.peerId())).isFalse();
  }

  @Test
  void removePeer_ofAnUnknownPeer_isNotFound() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(bob.peerId()));

    assertThatThrownBy(() -> a.removePeer(carol.peerId()))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.NOT_FOUND))
        .hasMessage("peer " + carol.peerId() + " is not a peer of this cluster");
    assertThat(a.info().versionVector().entries()).isEmpty();
  }

  @Test
  void logPin_ofARemovalRecordKey_isInvalid() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of());

    assertThatThrownBy(() -> a.logPin(Pin.of(RemovalRecord.key(bob.peerId()))))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.INVALID))
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> a.logUnpin(Pin.of(RemovalRecord.key(bob.peerId()))))
        .isInstanceOf(ClusterException.class);
  }

  @Test
  void removal_mergedByAnotherReplica_reachesItsListeners_andItsPeerset() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(carol.peerId()));
    List<PeerId> others = new CopyOnWriteArrayList<>(List.of(carol.peerId()));
    CrdtConsensus b =
        CrdtConsensus.builder(new MemoryDatastore(), bob, CrdtConfig.defaults())
            .peerset(() -> others)
            .build();
    opened.add(b);
    List<PeerId> heard = new CopyOnWriteArrayList<>();
    b.onPeerRemoved(heard::add);
    assertThat(b.peers()).containsExactly(bob.peerId(), carol.peerId());

    a.removePeer(carol.peerId());
    sync(a, b);

    assertThat(heard).containsExactly(carol.peerId());
    assertThat(b.isTrustedPeer(carol.peerId())).isFalse();
    assertThat(b.peers()).containsExactly(bob.peerId());
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
  }

  @Test
  void removedPeer_learnsOfItsOwnRemoval() {
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(bob.peerId()));
    CrdtConsensus b = open(new MemoryDatastore(), bob, Set.of());
    List<PeerId> heard = new CopyOnWriteArrayList<>();
    b.onPeerRemoved(heard::add);

    a.removePeer(bob.peerId());
    sync(a, b);

    assertThat(heard).containsExactly(bob.peerId());
    assertThat(b.isRemoved(bob.peerId())).isTrue();
  }

  @Test
  void blocksOfARemovedPeer_writtenBeforeItsRemoval_stillReachAReplicaThatJoinsLater() {
    CrdtConsensus c = open(new MemoryDatastore(), carol, Set.of());
    CrdtConsensus a = open(new MemoryDatastore(), alice, Set.of(carol.peerId()));
    c.logPin(pin(1));
    sync(c, a);
    a.removePeer(carol.peerId());
    a.logPin(pin(2));

    CrdtConsensus newcomer = open(new MemoryDatastore(), bob, Set.of());
    sync(a, newcomer);

    assertThat(newcomer.state().has(cid(1))).isTrue();
    assertThat(newcomer.state().has(cid(2))).isTrue();
    assertThat(newcomer.isRemoved(carol.peerId())).isTrue();
    assertThat(newcomer.info().pending()).isZero();
    assertThat(newcomer.info().heads()).isEqualTo(a.info().heads());
  }

  @Test
  void removal_survivesARestart_andAnImport() {
    Datastore store = new MemoryDatastore();
    CrdtConsensus a = open(store, alice, Set.of(bob.peerId()));
    a.removePeer(bob.peerId());
    a.close();

    CrdtConsensus reopened = open(store, alice, Set.of());
    assertThat(reopened.isRemoved(bob.peerId())).isTrue();
    reopened.close();

    CrdtState offline = CrdtState.open(store, alice);
    assertThat(offline.replaceAll(List.of(pin(5)).iterator())).isEqualTo(1);
    assertThat(offline.size()).isEqualTo(1);

    CrdtConsensus imported = open(store, alice, Set.of());
    assertThat(imported.isRemoved(bob.peerId())).isTrue();
    assertThat(imported.isTrustedPeer(bob.peerId())).isFalse();
    assertThat(listed(imported)).isEqualTo(1);
  }
}

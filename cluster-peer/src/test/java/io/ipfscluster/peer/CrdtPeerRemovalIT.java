package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peers rm} in CRDT mode on whole peers in one JVM ({@link PeerHarness}), design §10 and the
 * spec §9.2 case PeerRemoveReallocsPins: the removed peer stops, the others drop it from their
 * peers and block it, its pins move, and it cannot come back with its old folder.
 */
@Timeout(300)
class CrdtPeerRemovalIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path root;

  /**
   * Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s; CRDT heads
   * rebroadcast every second, so removed peers are blocked 2 s after the others hear of it.
   */
  static final UnaryOperator<ServiceConfig> SHORT_INTERVALS =
      c -> {
        CrdtConfig d = CrdtConfig.defaults();
        return c.withEnvironment(PeerHarness.SHORT_METRICS)
            .withConsensus(
                new CrdtConfig(
                    d.clusterName(),
                    d.trustedPeers(),
                    d.batching(),
                    d.repairInterval(),
                    Duration.ofSeconds(1),
                    d.peersetMetric(),
                    d.datastoreNamespace()));
      };

  private static Set<PeerId> pinnedOn(PeerHarness h, int asker, Cid cid) {
    GlobalPinInfo info = h.peer(asker).cluster().status(cid, false);
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == TrackerStatus.PINNED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** The peers {@code peers ls} on peer {@code asker} lists. */
  private static Set<PeerId> peersLs(PeerHarness h, int asker) {
    try (Stream<PeerInfo> peers = h.peer(asker).cluster().peers()) {
      return peers.map(PeerInfo::id).collect(Collectors.toSet());
    }
  }

  private static void awaitAllSeeEachOther(PeerHarness h) {
    Set<PeerId> all = Set.of(h.id(0), h.id(1), h.id(2));
    for (int i = 0; i < h.size(); i++) {
      int peer = i;
      await().atMost(CONVERGE).until(() -> peersLs(h, peer).equals(all));
    }
  }

  @Test
  void peersRm_ofAPinningPeer_stopsIt_othersDropIt_itsPinsMove_andItCannotComeBack()
      throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT_INTERVALS)) {
      awaitAllSeeEachOther(h);
      byte[] data = new byte[200_000];
      new Random(5).nextBytes(data);
      Cid cid = h.addToNode(0, data);
      Pin pin = h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(2, 2));
      await()
          .atMost(CONVERGE)
          .until(() -> pinnedOn(h, 0, cid).equals(Set.copyOf(pin.allocations())));
      int removed = pin.allocations().contains(h.id(1)) ? 1 : 2;
      int spare = removed == 1 ? 2 : 1;
      PeerId gone = h.id(removed);

      h.peer(0).cluster().peerRemove(gone);

      await().atMost(CONVERGE).until(() -> h.peer(removed).hasStopped());
      Set<PeerId> left = Set.of(h.id(0), h.id(spare));
      for (int asker : new int[] {0, spare}) {
        await().atMost(CONVERGE).until(() -> peersLs(h, asker).equals(left));
        assertThat(h.peer(asker).consensus().isTrustedPeer(gone)).isFalse();
        await().atMost(CONVERGE).until(() -> h.peer(asker).network().blocks(gone));
      }
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(h.peer(spare).cluster().pinGet(cid).allocations())
                    .containsExactlyInAnyOrderElementsOf(left);
                assertThat(pinnedOn(h, spare, cid)).isEqualTo(left);
              });

      assertThatThrownBy(() -> h.restart(removed, SECRET))
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("was removed from the cluster");
    }
  }

  @Test
  void peersRm_ofItselfOrOfAnUnknownPeer_failsAndRemovesNothing() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 2, SECRET, SHORT_INTERVALS)) {
      PeerId stranger = Identity.generate().peerId();

      assertThatThrownBy(() -> h.peer(0).cluster().peerRemove(h.id(0)))
          .isInstanceOfSatisfying(
              ClusterException.class,
              e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.INVALID));
      assertThatThrownBy(() -> h.peer(0).cluster().peerRemove(stranger))
          .isInstanceOfSatisfying(
              ClusterException.class,
              e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.NOT_FOUND))
          .hasMessageContaining(stranger.toString());

      assertThat(h.peer(0).hasStopped()).isFalse();
      assertThat(h.peer(0).network().blocks(stranger)).isFalse();
      assertThat(h.peer(0).consensus().isTrustedPeer(h.id(1))).isTrue();
    }
  }

  /** A peer that is down can be removed too: the monitor still knows its last ping. */
  @Test
  void peersRm_ofAStoppedPeer_isReplicatedToTheOthers() throws IOException {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT_INTERVALS)) {
      awaitAllSeeEachOther(h);
      h.stop(2);
      await().atMost(CONVERGE).until(() -> !peersLs(h, 0).contains(h.id(2)));

      h.peer(0).cluster().peerRemove(h.id(2));

      await().atMost(CONVERGE).until(() -> !h.peer(1).consensus().isTrustedPeer(h.id(2)));
      await().atMost(CONVERGE).until(() -> h.peer(1).network().blocks(h.id(2)));
    }
  }
}

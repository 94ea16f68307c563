package io.ipfscluster.peer;

import static io.ipfscluster.peer.CrdtRemovalSetup.CONVERGE;
import static io.ipfscluster.peer.CrdtRemovalSetup.SHORT_INTERVALS;
import static io.ipfscluster.peer.CrdtRemovalSetup.awaitAllSeeEachOther;
import static io.ipfscluster.peer.CrdtRemovalSetup.peersLs;
import static io.ipfscluster.peer.CrdtRemovalSetup.pinOnTwo;
import static io.ipfscluster.peer.CrdtRemovalSetup.pinnedOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.peer.CrdtRemovalSetup.PinnedOnTwo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
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

  @TempDir Path root;

  @Test
  void peersRm_ofAPinningPeer_stopsIt_othersDropIt_itsPinsMove_andItCannotComeBack()
      throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT_INTERVALS)) {
      awaitAllSeeEachOther(h);
      PinnedOnTwo pinned = pinOnTwo(h, 5, 200_000);
      Cid cid = pinned.cid();
      int removed = pinned.removed();
      int spare = pinned.spare();
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

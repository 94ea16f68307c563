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
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.peer.CrdtRemovalSetup.PinnedOnTwo;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peers rm} in CRDT mode of a peer that is offline, which comes back only after the others
 * have blocked it (design §10): it cannot hear of its removal on gossip any more, yet it learns it
 * from the signed record the others let it fetch, and shuts down.
 */
@Timeout(300)
class CrdtOfflineRemovalIT {
  private static final String SECRET =
      "6f1d0c4a2b9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a392817f6e5d4";

  @TempDir Path root;

  @Test
  void restart_ofAPeerRemovedWhileOffline_afterTheBlock_learnsItAndShutsDown() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT_INTERVALS)) {
      awaitAllSeeEachOther(h);
      PinnedOnTwo pinned = pinOnTwo(h, 7, 100_000);
      Cid cid = pinned.cid();
      int removed = pinned.removed();
      int spare = pinned.spare();
      PeerId gone = h.id(removed);
      Set<PeerId> left = Set.of(h.id(0), h.id(spare));

      h.stop(removed);
      await().atMost(CONVERGE).until(() -> !peersLs(h, 0).contains(gone));
      h.peer(0).cluster().peerRemove(gone);
      for (int asker : new int[] {0, spare}) {
        await().atMost(CONVERGE).until(() -> h.peer(asker).network().blocks(gone));
      }
      await()
          .atMost(CONVERGE)
          .untilAsserted(() -> assertThat(pinnedOn(h, spare, cid)).isEqualTo(left));

      h.restart(removed, SECRET);

      await().atMost(CONVERGE).until(() -> h.peer(removed).hasStopped());
      assertThat(h.peer(spare).cluster().pinGet(cid).allocations())
          .containsExactlyInAnyOrderElementsOf(left);
      assertThat(pinnedOn(h, spare, cid)).isEqualTo(left);
      // It merged the record it fetched: its folder now refuses to start, as after a removal it
      // heard of while running.
      assertThatThrownBy(() -> h.restart(removed, SECRET))
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("(" + gone + ") was removed from the cluster and cannot rejoin it");
    }
  }
}

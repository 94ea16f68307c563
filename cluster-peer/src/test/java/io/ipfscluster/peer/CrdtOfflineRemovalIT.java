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
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path root;

  private static Set<PeerId> pinnedOn(PeerHarness h, int asker, Cid cid) {
    GlobalPinInfo info = h.peer(asker).cluster().status(cid, false);
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == TrackerStatus.PINNED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Set<PeerId> peersLs(PeerHarness h, int asker) {
    try (Stream<PeerInfo> peers = h.peer(asker).cluster().peers()) {
      return peers.map(PeerInfo::id).collect(Collectors.toSet());
    }
  }

  @Test
  void restart_ofAPeerRemovedWhileOffline_afterTheBlock_learnsItAndShutsDown() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, CrdtPeerRemovalIT.SHORT_INTERVALS)) {
      Set<PeerId> all = Set.of(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < h.size(); i++) {
        int peer = i;
        await().atMost(CONVERGE).until(() -> peersLs(h, peer).equals(all));
      }
      byte[] data = new byte[100_000];
      new Random(7).nextBytes(data);
      Cid cid = h.addToNode(0, data);
      Pin pin = h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(2, 2));
      await()
          .atMost(CONVERGE)
          .until(() -> pinnedOn(h, 0, cid).equals(Set.copyOf(pin.allocations())));
      int removed = pin.allocations().contains(h.id(1)) ? 1 : 2;
      int spare = removed == 1 ? 2 : 1;
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

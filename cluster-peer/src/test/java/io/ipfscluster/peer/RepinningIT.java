package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.ServiceConfig;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-pinning on whole peers in one JVM ({@link PeerHarness}), the spec §9.2 cases
 * RebalanceOnPeerDown and DisabledRepinning: a pin with two allocations loses one of them when its
 * peer stops, and is pinned on two live peers again without any command, unless re-pinning is off.
 */
@Timeout(300)
class RepinningIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path root;

  /** Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s. */
  private static UnaryOperator<ServiceConfig> shortIntervals(boolean disableRepinning) {
    return c ->
        c.withEnvironment(
            PeerHarness.shortMetrics(
                Map.of("CLUSTER_DISABLEREPINNING", Boolean.toString(disableRepinning))));
  }

  /** Adds random bytes to peer 0's node only, and pins them on two peers of the cluster. */
  private static Pin addAndPinTwice(PeerHarness h) throws IOException {
    byte[] data = new byte[200_000];
    new Random(7).nextBytes(data);
    Cid cid = h.addToNode(0, data);
    return h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(2, 2));
  }

  /** The peers where {@code cid} is pinned, as peer {@code asker} sees the cluster. */
  private static Set<PeerId> pinnedOn(PeerHarness h, int asker, Cid cid) {
    GlobalPinInfo info = h.peer(asker).cluster().status(cid, false);
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == TrackerStatus.PINNED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static void awaitAllSeeEachOther(PeerHarness h) {
    Set<PeerId> all = Set.of(h.id(0), h.id(1), h.id(2));
    for (int i = 0; i < h.size(); i++) {
      int peer = i;
      await()
          .atMost(CONVERGE)
          .until(() -> Set.copyOf(h.peer(peer).cluster().id().clusterPeers()).equals(all));
    }
  }

  /** Stops an allocated peer other than 0 and returns the index of the other one of 1 and 2. */
  private static int stopAnAllocatedPeer(PeerHarness h, Pin pin) {
    int victim = pin.allocations().contains(h.id(1)) ? 1 : 2;
    h.stop(victim);
    return victim == 1 ? 2 : 1;
  }

  @Test
  void peerDown_pinBelowItsMinimum_isPinnedOnTwoLivePeersAgain() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, shortIntervals(false))) {
      awaitAllSeeEachOther(h);
      Pin pin = addAndPinTwice(h);
      assertThat(pin.allocations()).hasSize(2);
      await()
          .atMost(CONVERGE)
          .until(() -> pinnedOn(h, 0, pin.cid()).equals(Set.copyOf(pin.allocations())));

      PeerId victim = pin.allocations().contains(h.id(1)) ? h.id(1) : h.id(2);
      int spare = stopAnAllocatedPeer(h, pin);

      Set<PeerId> live = Set.of(h.id(0), h.id(spare));
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                Pin now = h.peer(0).cluster().pinGet(pin.cid());
                assertThat(now.allocations()).containsExactlyInAnyOrderElementsOf(live);
                assertThat(pinnedOn(h, spare, pin.cid())).containsAll(live);
              });
      assertThat(h.peer(spare).cluster().pinGet(pin.cid()).allocations()).doesNotContain(victim);
    }
  }

  @Test
  void peerDown_repinningDisabled_pinStaysOnItsLivePeerOnly() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, shortIntervals(true))) {
      awaitAllSeeEachOther(h);
      Pin pin = addAndPinTwice(h);
      await()
          .atMost(CONVERGE)
          .until(() -> pinnedOn(h, 0, pin.cid()).equals(Set.copyOf(pin.allocations())));

      int spare = stopAnAllocatedPeer(h, pin);
      // The stopped peer is alerted on, and leaves the peerset of the others.
      await().atMost(CONVERGE).until(() -> h.peer(spare).cluster().id().clusterPeers().size() == 2);
      await().atMost(CONVERGE).until(() -> !h.peer(0).cluster().alerts().isEmpty());

      // With re-pinning on, the pin moves about a second after the alert; here it must not.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Set.copyOf(h.peer(0).cluster().pinGet(pin.cid()).allocations())
                      .equals(Set.copyOf(pin.allocations())));
    }
  }
}

package io.ipfscluster.peer;

import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the CRDT {@code peers rm} ITs ({@link CrdtPeerRemovalIT}, {@link CrdtOfflineRemovalIT})
 * share: the short intervals their peers run with, waiting for three peers to see each other, a pin
 * on two of them, and what a peer reports of the peers and of a pin. Stateless.
 */
final class CrdtRemovalSetup {
  /** How long the cluster may take to settle after each step. */
  static final Duration CONVERGE = Duration.ofSeconds(60);

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

  /**
   * A pin of two allocations, pinned on both; {@code removed} is the allocated one of peers 1 and 2
   * (the one the test removes), {@code spare} the other of the two.
   */
  record PinnedOnTwo(Pin pin, int removed, int spare) {
    Cid cid() {
      return pin.cid();
    }
  }

  private CrdtRemovalSetup() {}

  /** Waits until each of the three peers of {@code h} lists all three in {@code peers ls}. */
  static void awaitAllSeeEachOther(PeerHarness h) {
    Set<PeerId> all = Set.of(h.id(0), h.id(1), h.id(2));
    for (int i = 0; i < h.size(); i++) {
      int peer = i;
      await().atMost(CONVERGE).until(() -> peersLs(h, peer).equals(all));
    }
  }

  /**
   * Adds {@code size} random bytes of {@code seed} to peer 0's node, pins them with replication 2
   * and waits until both allocations have pinned them.
   */
  static PinnedOnTwo pinOnTwo(PeerHarness h, long seed, int size) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Cid cid = h.addToNode(0, data);
    Pin pin = h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(2, 2));
    await().atMost(CONVERGE).until(() -> pinnedOn(h, 0, cid).equals(Set.copyOf(pin.allocations())));
    int removed = pin.allocations().contains(h.id(1)) ? 1 : 2;
    return new PinnedOnTwo(pin, removed, removed == 1 ? 2 : 1);
  }

  /** The peers where {@code cid} is pinned, as peer {@code asker} sees the cluster. */
  static Set<PeerId> pinnedOn(PeerHarness h, int asker, Cid cid) {
    GlobalPinInfo info = h.peer(asker).cluster().status(cid, false);
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == TrackerStatus.PINNED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** The peers {@code peers ls} on peer {@code asker} lists. */
  static Set<PeerId> peersLs(PeerHarness h, int asker) {
    try (Stream<PeerInfo> peers = h.peer(asker).cluster().peers()) {
      return peers.map(PeerInfo::id).collect(Collectors.toSet());
    }
  }
}

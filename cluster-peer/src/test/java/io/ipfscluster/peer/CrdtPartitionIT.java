package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.ReplicaInfo;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition fault of issue 6 on whole peers in one JVM ({@link PeerHarness}): a 5-peer cluster
 * cut into 2 and 3 by the peer networks' block-lists (each side blocks the other, so no connection,
 * call or gossip crosses), both sides keep accepting pins, and after healing every peer has the
 * same heads and state within 10 s, with every acknowledged pin.
 */
@Timeout(300)
class CrdtPartitionIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /** The bound on convergence after the partition heals. */
  private static final Duration AFTER_HEALING = Duration.ofSeconds(10);

  private static final int[] SMALL = {0, 1};
  private static final int[] LARGE = {2, 3, 4};

  /** A peer outside the cluster: pins allocated to it cost no IPFS work. */
  private static final PeerId ELSEWHERE = Identity.generate().peerId();

  @TempDir Path root;

  /** Trusts all, rebroadcasts every second. */
  private static final UnaryOperator<ServiceConfig> TUNED =
      c -> {
        CrdtConfig d = CrdtConfig.defaults();
        return c.withConsensus(
            new CrdtConfig(
                d.clusterName(),
                List.of("*"),
                d.batching(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                d.peersetMetric(),
                d.datastoreNamespace()));
      };

  private static CrdtConsensus crdt(PeerHarness h, int i) {
    return (CrdtConsensus) h.peer(i).consensus();
  }

  private static Pin remotePin(int i) {
    Cid cid =
        Cid.v1(
            Multicodec.RAW,
            Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
    return Pin.of(cid, PinOptions.defaults().withReplication(1, 1))
        .withAllocations(List.of(ELSEWHERE));
  }

  /** Waits until the peers {@code side} have the same heads, vector and digest. */
  private static void awaitSame(PeerHarness h, int[] side, Duration atMost) {
    await()
        .atMost(atMost)
        .untilAsserted(
            () -> {
              ReplicaInfo first = crdt(h, side[0]).info();
              for (int i : side) {
                ReplicaInfo other = crdt(h, i).info();
                assertThat(other.heads()).as("heads of peer %d", i).isEqualTo(first.heads());
                assertThat(other.versionVector()).isEqualTo(first.versionVector());
                assertThat(other.stateDigest()).isEqualTo(first.stateDigest());
                assertThat(other.pending()).isZero();
              }
            });
  }

  /** Peers of {@code from} and {@code to} block each other, or stop blocking. */
  private static void cut(PeerHarness h, boolean blocked) {
    for (int a : SMALL) {
      for (int b : LARGE) {
        if (blocked) {
          h.peer(a).network().block(h.id(b));
          h.peer(b).network().block(h.id(a));
        } else {
          h.peer(a).network().unblock(h.id(b));
          h.peer(b).network().unblock(h.id(a));
        }
      }
    }
  }

  /** Pins {@code count} pins on each peer of {@code side}, from {@code first} on, in parallel. */
  private static List<Pin> pinOnEach(PeerHarness h, int[] side, int first, int count) {
    List<Pin> acknowledged = new ArrayList<>();
    List<CompletableFuture<List<Pin>>> writers = new ArrayList<>();
    for (int peer : side) {
      writers.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<Pin> done = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                  Pin p = remotePin(first + peer * 10_000 + i);
                  crdt(h, peer).logPin(p); // returns once committed: acknowledged
                  done.add(p);
                }
                return done;
              }));
    }
    writers.forEach(w -> acknowledged.addAll(w.join()));
    return acknowledged;
  }

  @Test
  void partition_2and3_bothSidesAcceptPins_andAfterHealingAllPeersConverge() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 5, SECRET, TUNED)) {
      List<Pin> acknowledged = new ArrayList<>(pinOnEach(h, new int[] {0, 2}, 0, 20));
      awaitSame(h, new int[] {0, 1, 2, 3, 4}, CONVERGE);

      cut(h, true);
      acknowledged.addAll(pinOnEach(h, SMALL, 1_000, 50));
      acknowledged.addAll(pinOnEach(h, LARGE, 2_000, 50));
      awaitSame(h, SMALL, CONVERGE);
      awaitSame(h, LARGE, CONVERGE);
      // The sides went their own ways: neither has the other's pins.
      assertThat(crdt(h, 0).state().has(remotePin(2_000 + 2 * 10_000).cid())).isFalse();
      assertThat(crdt(h, 4).state().has(remotePin(1_000).cid())).isFalse();
      assertThat(crdt(h, 0).info().stateDigest()).isNotEqualTo(crdt(h, 2).info().stateDigest());

      cut(h, false);
      for (int a : SMALL) {
        for (int b : LARGE) {
          h.peer(a).network().join(h.peer(b).peerAddresses().getFirst());
        }
      }
      awaitSame(h, new int[] {0, 1, 2, 3, 4}, AFTER_HEALING);

      for (int i = 0; i < h.size(); i++) {
        for (Pin p : acknowledged) {
          assertThat(crdt(h, i).state().has(p.cid())).as("pin %s on peer %d", p.cid(), i).isTrue();
        }
        assertThat(crdt(h, i).info().pins()).isEqualTo(acknowledged.size());
      }
    }
  }
}

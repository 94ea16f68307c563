package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.TrackerStatus;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRDT pinset replication between whole peers in one JVM ({@link PeerHarness}): heads announced on
 * gossip, blocks fetched over the peer RPC, the put/delete hooks driving each peer's tracker.
 */
@Timeout(300)
class CrdtReplicationIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /** A peer that is not in any test cluster: pins allocated to it are remote everywhere. */
  private static final PeerId ELSEWHERE = Identity.generate().peerId();

  @TempDir Path root;

  /** Rebroadcasts every second and repairs every two, trusting {@code trusted}. */
  private static UnaryOperator<ServiceConfig> tuned(List<String> trusted) {
    return c -> {
      CrdtConfig d = CrdtConfig.defaults();
      return c.withConsensus(
          new CrdtConfig(
              d.clusterName(),
              trusted,
              d.batching(),
              Duration.ofSeconds(2),
              Duration.ofSeconds(1),
              d.peersetMetric(),
              d.datastoreNamespace()));
    };
  }

  private static final UnaryOperator<ServiceConfig> TRUST_ALL = tuned(List.of("*"));

  private static CrdtConsensus crdt(PeerHarness h, int i) {
    return (CrdtConsensus) h.peer(i).consensus();
  }

  private static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  /** A pin of {@code cid(i)} allocated to a peer outside the cluster: no IPFS work anywhere. */
  private static Pin remotePin(int i) {
    return Pin.of(cid(i), PinOptions.defaults().withReplication(1, 1))
        .withAllocations(List.of(ELSEWHERE));
  }

  private static long count(PeerHarness h, int i) {
    try (Stream<Pin> pins = crdt(h, i).state().list(PinType.ALL)) {
      return pins.count();
    }
  }

  private static TrackerStatus localStatus(PeerHarness h, int i, Cid cid) {
    return h.peer(i).cluster().status(cid, true).peerMap().get(h.id(i)).status();
  }

  /** Waits until every peer has the heads, vector and digest of peer 0, and returns them. */
  private static ReplicaInfo awaitConverged(PeerHarness h) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              ReplicaInfo first = crdt(h, 0).info();
              for (int i = 1; i < h.size(); i++) {
                ReplicaInfo other = crdt(h, i).info();
                assertThat(other.heads()).as("heads of peer %d", i).isEqualTo(first.heads());
                assertThat(other.versionVector()).isEqualTo(first.versionVector());
                assertThat(other.stateDigest()).isEqualTo(first.stateDigest());
                assertThat(other.pending()).isZero();
              }
            });
    return crdt(h, 0).info();
  }

  @Test
  void pin_onOnePeer_isInEveryPinsetAndPinnedEverywhere_andUnpinPropagates() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, TRUST_ALL)) {
      byte[] data = new byte[300_000];
      new Random(11).nextBytes(data);
      Cid cid = h.addToNode(0, data);

      h.peer(0).cluster().pin(cid, PinOptions.defaults());

      for (int i = 0; i < 3; i++) {
        int peer = i;
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () -> {
                  assertThat(crdt(h, peer).state().has(cid)).as("pinset of %d", peer).isTrue();
                  assertThat(localStatus(h, peer, cid)).isEqualTo(TrackerStatus.PINNED);
                });
      }

      h.peer(1).cluster().unpin(cid);

      for (int i = 0; i < 3; i++) {
        int peer = i;
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () -> {
                  assertThat(crdt(h, peer).state().has(cid)).as("pinset of %d", peer).isFalse();
                  assertThat(localStatus(h, peer, cid)).isEqualTo(TrackerStatus.UNPINNED);
                });
      }
      awaitConverged(h);
    }
  }

  @Test
  void restart_peerDownFor1000Commits_catchesUp() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, TRUST_ALL)) {
      crdt(h, 0).logPin(remotePin(-1));
      awaitConverged(h);
      h.stop(2);

      for (int i = 0; i < 1000; i++) {
        crdt(h, i % 2).logPin(remotePin(i)); // 1,000 commits, each its own block
      }
      h.restart(2, SECRET);

      ReplicaInfo converged = awaitConverged(h);
      assertThat(converged.pins()).isEqualTo(1001);
      assertThat(crdt(h, 2).state().has(cid(999))).isTrue();
      assertThat(localStatus(h, 2, cid(999))).isEqualTo(TrackerStatus.REMOTE);
    }
  }

  @Test
  void sync_blocksOfAnUntrustedWriter_areDropped() throws Exception {
    // Nobody is trusted by configuration; peer 1 trusts peer 0 because it joined through it.
    try (PeerHarness h = PeerHarness.start(root, 2, SECRET, tuned(List.of()))) {
      int outsider = h.startPeer(SECRET);
      assertThat(h.peer(outsider).join(List.of(h.peer(0).peerAddresses().getFirst()), false))
          .isEqualTo(1);
      crdt(h, outsider).trust(h.id(1));

      crdt(h, 0).logPin(remotePin(1)); // written by peer 0, which the outsider does not trust
      await().atMost(CONVERGE).until(() -> crdt(h, 1).state().has(cid(1)));
      crdt(h, 1).logPin(remotePin(2)); // its block names peer 0's as parent

      await().atMost(CONVERGE).until(() -> crdt(h, outsider).state().has(cid(2)));
      assertThat(crdt(h, outsider).state().has(cid(1))).isFalse();
      assertThat(crdt(h, outsider).info().pending()).isEqualTo(1);
      assertThat(crdt(h, 1).info().pins()).isEqualTo(2);
    }
  }

  @Test
  void logPin_concurrentWritesOnTwoPeers_allPeersEndWithTheSameHeadsAndDigest() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, TRUST_ALL)) {
      CompletableFuture<Void> a =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 200; i++) {
                  crdt(h, 0).logPin(remotePin(i));
                }
              });
      CompletableFuture<Void> b =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 100; i < 300; i++) {
                  if (i % 3 == 0) {
                    crdt(h, 1).logUnpin(remotePin(i - 100));
                  } else {
                    crdt(h, 1).logPin(remotePin(i));
                  }
                }
              });
      CompletableFuture.allOf(a, b).join();

      ReplicaInfo converged = awaitConverged(h);
      assertThat(converged.pins()).isEqualTo(count(h, 1)).isEqualTo(count(h, 2)).isPositive();
      assertThat(converged.versionVector().entries()).hasSize(2);
    }
  }
}

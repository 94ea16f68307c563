package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The replication cases of the original's multi-peer tests (spec §9.2) on one peer's pinning with
 * five peers' metrics: a peer is down when its metrics have expired.
 */
class ReplicationTest {
  static final int N = 5;
  static final Cid X = cid("x");

  final List<PeerId> peers =
      IntStream.range(1, N + 1).mapToObj(BalancedAllocatorTest::peer).toList();
  final MemoryConsensus consensus = new MemoryConsensus(peers);
  final FixedMetrics metrics = FixedMetrics.ranked(NOW, peers);
  final Pinning pinning =
      new Pinning(
          new Pinning.Settings(-1, -1, false),
          consensus,
          new ResolvingIpfs(Map.of()),
          metrics.allocation(consensus::peers, Set.of()),
          InstantSource.fixed(NOW));

  Pin pin(int rmin, int rmax) {
    return pinning.pin(X, PinOptions.defaults().withReplication(rmin, rmax));
  }

  void down(PeerId p) {
    metrics.remove(p, "freespace").remove(p, "tag:group");
  }

  @Test
  void replicationFactorMax_minOneMaxNMinusOne_allocatesNMinusOne() {
    assertThat(pin(1, N - 1).allocations()).hasSize(N - 1).doesNotHaveDuplicates();
  }

  @Test
  void replicationFactorMaxLower_repinWithMaxTwo_shrinksToTwoOfTheFormer() {
    Pin first = pin(1, N);

    Pin second = pin(1, 2);

    assertThat(first.allocations()).hasSize(N);
    assertThat(second.allocations()).hasSize(2);
    assertThat(first.allocations()).containsAll(second.allocations());
    assertThat(consensus.state.get(X).orElseThrow().allocations()).isEqualTo(second.allocations());
  }

  @Test
  void replicationFactorInBetween_twoPeersDown_allocatesNMinusTwo() {
    down(peers.get(0));
    down(peers.get(3));

    assertThat(pin(1, N).allocations()).hasSize(N - 2).doesNotContain(peers.get(0), peers.get(3));
  }

  @Test
  void replicationFactorMin_minNMinusOneWithTwoDown_isNotEnoughPeers() {
    down(peers.get(1));
    down(peers.get(2));

    assertThatThrownBy(() -> pin(N - 1, N))
        .hasMessage(
            "not enough peers to allocate CID. Needed at least: 4. Wanted at most: 5. Available"
                + " candidates: 3. See logs for more info.");
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void minMaxNoRealloc_twoAllocatedDownButStillAboveMin_keepsAllocations() {
    Pin first = pin(2, 4);
    down(first.allocations().get(0));
    down(first.allocations().get(1));

    Pin again = pinning.pin(X, PinOptions.defaults().withReplication(2, 4).withName("again"));

    assertThat(again.allocations()).isEqualTo(first.allocations());
  }

  @Test
  void minMaxRealloc_belowMinAfterTwoDown_reallocatesToAtLeastMin() {
    Pin first = pin(3, 4);
    PeerId lost1 = first.allocations().get(0);
    PeerId lost2 = first.allocations().get(1);
    down(lost1);
    down(lost2);

    Pin again = pinning.pin(X, PinOptions.defaults().withReplication(3, 4).withName("moved"));

    assertThat(again.allocations()).hasSizeGreaterThanOrEqualTo(3).doesNotContain(lost1, lost2);
    assertThat(again.allocations()).containsAll(first.allocations().subList(2, 4));
  }

  @Test
  void replicationRealloc_repinIsStable_andRestoresFactorAfterAPinnerGoesDown() {
    Pin first = pin(N - 1, N - 1);
    assertThat(pin(N - 1, N - 1).allocations()).isEqualTo(first.allocations());

    PeerId killed = first.allocations().get(2);
    down(killed);
    Pin again = pin(N - 1, N - 1);

    assertThat(again.allocations()).hasSize(N - 1).doesNotContain(killed);
    Set<PeerId> spare = new HashSet<>(peers);
    spare.removeAll(first.allocations());
    assertThat(again.allocations()).containsAll(spare);
  }

  @Test
  void notEnoughPeers_moreThanThePeerset_isRefused() {
    assertThatThrownBy(() -> pin(N + 1, N + 1))
        .hasMessageStartingWith("not enough peers to allocate");
  }

  @Test
  void repinWithBlacklist_belowMin_movesAwayFromTheFailedPeer() {
    Pin first = pin(2, 2);
    PeerId failed = first.allocations().get(0);

    Pin moved = pinning.pin(Pin.of(X, first.options()), Set.of(failed));

    assertThat(moved.allocations()).hasSize(2).doesNotContain(failed);
    assertThat(moved.allocations()).contains(first.allocations().get(1));
  }
}

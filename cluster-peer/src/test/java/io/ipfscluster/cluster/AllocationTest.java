package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.BalancedAllocatorTest.P1;
import static io.ipfscluster.cluster.BalancedAllocatorTest.P2;
import static io.ipfscluster.cluster.BalancedAllocatorTest.P3;
import static io.ipfscluster.cluster.BalancedAllocatorTest.P4;
import static io.ipfscluster.cluster.BalancedAllocatorTest.P5;
import static io.ipfscluster.cluster.BalancedAllocatorTest.P6;
import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.ClusterException.Kind;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Which peers a pin is allocated to (spec §8.1): candidates, replication factors, current and user
 * allocations, with the default {@code allocate_by} and metrics set by the test.
 */
class AllocationTest {
  static final Cid X = cid("x");

  /** P1..P5 in the peerset, all in group "default", free space decreasing from P1 to P5. */
  final List<PeerId> peerset = new ArrayList<>(List.of(P1, P2, P3, P4, P5));

  final FixedMetrics metrics = FixedMetrics.ranked(NOW, peerset);
  Set<PeerId> untrusted = Set.of();

  List<PeerId> allocate(int rmin, int rmax, List<PeerId> current, List<PeerId> priority) {
    return allocate(rmin, rmax, current, priority, Set.of());
  }

  List<PeerId> allocate(
      int rmin, int rmax, List<PeerId> current, List<PeerId> priority, Set<PeerId> blacklist) {
    return metrics
        .allocation(() -> List.copyOf(peerset), untrusted)
        .allocate(X, rmin, rmax, current, priority, blacklist);
  }

  @Test
  void allocate_newPin_takesTheBestPeersUpToMax() {
    assertThat(allocate(2, 3, List.of(), List.of())).containsExactly(P1, P2, P3);
  }

  @Test
  void allocate_fewerCandidatesThanMax_butAtLeastMin_takesThemAll() {
    assertThat(allocate(2, 10, List.of(), List.of())).containsExactly(P1, P2, P3, P4, P5);
  }

  @Test
  void allocate_bothFactorsNegative_isEverywhere() {
    assertThat(allocate(-1, -1, List.of(P1), List.of(P2))).isEmpty();
  }

  @Test
  void allocate_factorsAddingUpToZero_areBad() {
    assertThatThrownBy(() -> allocate(0, 0, List.of(), List.of()))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
        .hasMessage("bad replication factors: 0/0");
  }

  @Test
  void allocate_tooFewCandidates_failsWithTheOriginalMessage() {
    assertThatThrownBy(() -> allocate(6, 7, List.of(), List.of()))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FAILED))
        .hasMessage(
            "not enough peers to allocate CID. Needed at least: 6. Wanted at most: 7. Available"
                + " candidates: 5. See logs for more info.");
  }

  @Test
  void allocate_tooFewCandidates_countsNeededAndWantedAfterValidCurrentOnes() {
    metrics.remove(P3, "freespace").remove(P4, "freespace").remove(P5, "freespace");

    assertThatThrownBy(() -> allocate(4, 5, List.of(P1, P5), List.of()))
        .hasMessage(
            "not enough peers to allocate CID. Needed at least: 3. Wanted at most: 4. Available"
                + " candidates: 1. See logs for more info.");
  }

  @Test
  void allocate_peerMissingAMetric_isNoCandidate() {
    metrics.remove(P1, "freespace").remove(P2, "tag:group");

    assertThat(allocate(3, 3, List.of(), List.of())).containsExactly(P3, P4, P5);
  }

  @Test
  void allocate_expiredOrInvalidMetric_isIgnored() {
    metrics.put(
        metrics.metric(
            "freespace", P1, "900000000", 900_000_000, true, false, Duration.ofMillis(-1)));
    metrics.freespace(P2, 0); // a full disk: the informer marks it invalid

    assertThat(allocate(3, 3, List.of(), List.of())).containsExactly(P3, P4, P5);
  }

  @Test
  void allocate_severalMetricsOfOnePeer_theLatestCounts() {
    metrics.add(
        metrics.metric("freespace", P5, "1", 1, true, false, Duration.ofMinutes(1).negated()));
    metrics.add(
        metrics.metric("freespace", P5, "99000000", 99_000_000, true, false, Duration.ofHours(1)));

    assertThat(allocate(1, 1, List.of(), List.of())).containsExactly(P5);
  }

  @Test
  void allocate_peerOutsideThePeerset_isNoCandidate_evenWithMetrics() {
    peerset.remove(P1);

    assertThat(allocate(1, 1, List.of(), List.of())).containsExactly(P2);
  }

  @Test
  void allocate_blacklistedPeer_isNeitherKeptNorChosen() {
    assertThat(allocate(2, 2, List.of(P1, P2), List.of(), Set.of(P1))).containsExactly(P2, P3);
  }

  @Test
  void allocate_onlyTrustedPeers_skipsUntrustedOnes() {
    untrusted = Set.of(P1, P3);

    assertThat(allocate(2, 2, List.of(), List.of(P3))).containsExactly(P2, P4);
  }

  @Test
  void trustFilter_followsTheTwoSettings() {
    Predicate<PeerId> trusted = P1::equals;

    assertThat(Allocation.trustFilter(false, false, trusted).test(P2)).isTrue();
    assertThat(Allocation.trustFilter(true, false, trusted).test(P1)).isTrue();
    assertThat(Allocation.trustFilter(true, false, trusted).test(P2)).isFalse();
    assertThat(Allocation.trustFilter(false, true, trusted).test(P1)).isFalse();
    assertThat(Allocation.trustFilter(false, true, trusted).test(P2)).isTrue();
  }

  @Test
  void allocate_userAllocations_comeFirst_thenTheBestOthers() {
    assertThat(allocate(3, 3, List.of(), List.of(P5, P4))).containsExactly(P4, P5, P1);
  }

  @Test
  void allocate_userAllocations_areOrderedByTheAllocatorAmongThemselves() {
    // As the original: the user's peers are preferred, but sorted by their metrics.
    assertThat(allocate(1, 1, List.of(), List.of(P5, P3))).containsExactly(P3);
  }

  @Test
  void allocate_userAllocationWithoutMetrics_isSkipped() {
    metrics.remove(P5, "freespace");

    assertThat(allocate(1, 1, List.of(), List.of(P5))).containsExactly(P1);
  }

  @Test
  void allocate_userAllocationAlreadyAllocated_countsAsCurrent() {
    assertThat(allocate(2, 2, List.of(P4), List.of(P4, P5))).containsExactly(P4, P5);
  }

  @Test
  void repin_validAllocationsAtLeastMin_areKeptEvenIfBetterPeersExist() {
    assertThat(allocate(2, 3, List.of(P5, P4), List.of())).containsExactly(P5, P4);
  }

  @Test
  void repin_atLeastMinLive_keepsDeadAllocationsToo() {
    metrics.remove(P2, "freespace"); // P2 is down: its metrics expired

    assertThat(allocate(1, 3, List.of(P2, P4), List.of())).containsExactly(P2, P4);
  }

  @Test
  void repin_maxLowered_shrinksToTheFirstValidCurrentOnes() {
    metrics.remove(P5, "freespace");

    assertThat(allocate(1, 2, List.of(P5, P4, P3, P2), List.of())).containsExactly(P4, P3);
  }

  @Test
  void repin_belowMin_keepsLiveOnesAndGrowsUpToMax() {
    metrics.remove(P1, "freespace").remove(P2, "freespace");

    assertThat(allocate(3, 4, List.of(P1, P2, P5), List.of())).containsExactly(P5, P3, P4);
  }

  @Test
  void repin_fromEverywhere_allocatesAfresh() {
    assertThat(allocate(1, 2, List.of(), List.of())).containsExactly(P1, P2);
  }

  @Test
  void allocate_tagGroups_spreadReplicasOverGroups() {
    metrics.tag(P1, "group", "rack-1").tag(P2, "group", "rack-1").tag(P3, "group", "rack-1");
    metrics.tag(P4, "group", "rack-2").tag(P5, "group", "rack-2");

    List<PeerId> three = allocate(3, 3, List.of(), List.of());

    // rack-1 weighs more (P1..P3 have the most space): its best, rack-2's best, rack-1's next.
    assertThat(three).containsExactly(P1, P4, P2);
  }

  @Test
  void allocate_newPeerInTheGroupLeastUsed_getsTheNextReplica() {
    peerset.add(P6);
    metrics.tag(P1, "group", "a").tag(P2, "group", "a").tag(P3, "group", "a");
    metrics.tag(P4, "group", "a").tag(P5, "group", "a");
    metrics.tag(P6, "group", "b").freespace(P6, 1);

    assertThat(allocate(2, 2, List.of(), List.of())).containsExactly(P1, P6);
  }

  @Test
  void allocate_unknownCid_worksForAddedContent() {
    Allocation a = metrics.allocation(() -> List.copyOf(peerset), Set.of());

    assertThat(a.allocate(null, 1, 1, List.of(), List.of(), Set.of())).containsExactly(P1);
  }

  @Test
  void everywhere_isEveryPeerOfThePeerset_trustedOrNot_withOrWithoutMetrics() {
    untrusted = Set.of(P2);
    metrics.remove(P3, "freespace");
    Allocation a = metrics.allocation(() -> List.copyOf(peerset), untrusted);

    assertThat(a.everywhere()).containsExactly(P1, P2, P3, P4, P5);
  }
}

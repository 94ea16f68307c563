package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The balanced ordering of spec §8.1: tag partitions, weights, round-robin, ties. */
class BalancedAllocatorTest {
  static PeerId peer(int i) {
    return PeerId.of(
        Multihash.compute(HashFunction.SHA2_256, ("peer " + i).getBytes(StandardCharsets.UTF_8)));
  }

  static final PeerId P1 = peer(1);
  static final PeerId P2 = peer(2);
  static final PeerId P3 = peer(3);
  static final PeerId P4 = peer(4);
  static final PeerId P5 = peer(5);
  static final PeerId P6 = peer(6);
  static final PeerId P7 = peer(7);

  final FixedMetrics metrics = new FixedMetrics(NOW);
  final Map<PeerId, Metric[]> rows = new HashMap<>();

  /** Gives {@code p} these metrics, in the order of the allocator's names. */
  void peer(PeerId p, Metric... row) {
    rows.put(p, row);
  }

  Metric tag(String name, String value) {
    return metrics.metric("tag:" + name, null, value, 0, true, true, Duration.ofMinutes(1));
  }

  Metric free(long bytes) {
    return metrics.metric(
        "freespace", null, Long.toString(bytes), bytes, true, false, Duration.ofMinutes(1));
  }

  Metric numeric(String name, String value, long weight) {
    return metrics.metric(name, null, value, weight, true, false, Duration.ofMinutes(1));
  }

  List<PeerId> order(String... allocateBy) {
    return new BalancedAllocator(List.of(allocateBy)).order(rows, cid("x"));
  }

  @Test
  void order_regionsZonesFreespace_takesOnePeerPerRegionInTurn_heaviestFirst() {
    // eu weighs 450 (eu-a 400, eu-b 50), us 450 (us-b 250, us-a 200), ap 410 (ap-a 410):
    // eu and us tie, so their names decide.
    peer(P1, tag("region", "eu"), tag("zone", "eu-a"), free(300));
    peer(P2, tag("region", "eu"), tag("zone", "eu-a"), free(100));
    peer(P3, tag("region", "eu"), tag("zone", "eu-b"), free(50));
    peer(P4, tag("region", "us"), tag("zone", "us-a"), free(200));
    peer(P5, tag("region", "us"), tag("zone", "us-b"), free(250));
    peer(P6, tag("region", "ap"), tag("zone", "ap-a"), free(400));
    peer(P7, tag("region", "ap"), tag("zone", "ap-a"), free(10));

    List<PeerId> order = order("tag:region", "tag:zone", "freespace");

    // Round 1: eu/eu-a best, us/us-b best, ap/ap-a best; round 2: the other zone of each region
    // (ap has one zone); round 3: what is left.
    assertThat(order).containsExactly(P1, P5, P6, P3, P4, P7, P2);
  }

  @Test
  void order_threeGroups_spreadsReplicasOverEveryGroupBeforeRepeatingOne() {
    peer(P1, tag("group", "a"), free(600));
    peer(P2, tag("group", "a"), free(500));
    peer(P3, tag("group", "b"), free(400));
    peer(P4, tag("group", "b"), free(300));
    peer(P5, tag("group", "c"), free(200));
    peer(P6, tag("group", "c"), free(100));

    List<PeerId> order = order("tag:group", "freespace");

    assertThat(order).containsExactly(P1, P3, P5, P2, P4, P6);
  }

  @Test
  void order_groupWeight_isTheSumOfItsPeers_soTwoSmallPeersBeatOneBigger() {
    peer(P1, tag("group", "pair"), free(100));
    peer(P2, tag("group", "pair"), free(100));
    peer(P3, tag("group", "single"), free(150));

    List<PeerId> order = order("tag:group", "freespace");

    assertThat(order).hasSize(3);
    assertThat(order.get(0)).isIn(P1, P2);
    assertThat(order.get(1)).isEqualTo(P3);
  }

  @Test
  void order_freespaceOnly_isDescending_equalValuesStaySeparatePeers() {
    // Three peers of 100 must not add up to beat the peer of 200 (the original's remark).
    peer(P1, free(100));
    peer(P2, free(200));
    peer(P3, free(100));
    peer(P4, free(100));
    peer(P5, free(300));

    List<PeerId> order = order("freespace");

    assertThat(order.subList(0, 2)).containsExactly(P5, P2);
    assertThat(order.subList(2, 5)).containsExactlyInAnyOrder(P1, P3, P4);
  }

  @Test
  void order_reposize_prefersTheSmallestRepository() {
    peer(P1, numeric("reposize", "500", -500));
    peer(P2, numeric("reposize", "10", -10));
    peer(P3, numeric("reposize", "90", -90));

    assertThat(order("reposize")).containsExactly(P2, P3, P1);
  }

  @Test
  void order_equalWeights_fallBackToValueAscendingAsText() {
    // pinqueue weights are bucketed: 5 and 10 queued both weigh 0, and "10" < "5" as text.
    peer(P1, numeric("pinqueue", "5", 0));
    peer(P2, numeric("pinqueue", "10", 0));
    peer(P3, numeric("pinqueue", "200000", -2));

    assertThat(order("pinqueue")).containsExactly(P2, P1, P3);
  }

  @Test
  void order_equalAggregatedGroups_fallBackToTagValue() {
    peer(P1, tag("group", "zulu"), free(100));
    peer(P2, tag("group", "alpha"), free(100));

    assertThat(order("tag:group", "freespace")).containsExactly(P2, P1);
  }

  @Test
  void order_tagAsLastMetric_emitsEveryPeerOfAGroup_roundRobin() {
    peer(P1, tag("group", "a"));
    peer(P2, tag("group", "a"));
    peer(P3, tag("group", "b"));

    List<PeerId> order = order("tag:group");

    assertThat(order).hasSize(3).containsExactlyInAnyOrder(P1, P2, P3);
    assertThat(order.get(1)).isEqualTo(P3);
  }

  @Test
  void order_ties_sameCidSameOrder_differentCidsSpreadOverEqualPeers() {
    List<PeerId> equal = IntStream.range(10, 20).mapToObj(BalancedAllocatorTest::peer).toList();
    for (PeerId p : equal) {
      peer(p, tag("group", "default"), free(1000));
    }
    BalancedAllocator allocator = new BalancedAllocator(List.of("tag:group", "freespace"));

    Set<PeerId> firstChoices = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      List<PeerId> order = allocator.order(rows, cid("pin " + i));
      assertThat(allocator.order(rows, cid("pin " + i))).isEqualTo(order);
      assertThat(order).containsExactlyInAnyOrderElementsOf(equal);
      firstChoices.add(order.get(0));
    }
    assertThat(firstChoices).hasSizeGreaterThan(3);
  }

  @Test
  void order_unknownCid_isStillDeterministic() {
    peer(P1, free(5));
    peer(P2, free(5));
    BalancedAllocator allocator = new BalancedAllocator(List.of("freespace"));

    assertThat(allocator.order(rows, null)).isEqualTo(allocator.order(rows, null));
  }

  @Test
  void order_withLimit_isTheStartOfTheFullOrder() {
    peer(P1, tag("group", "a"), free(600));
    peer(P2, tag("group", "a"), free(500));
    peer(P3, tag("group", "b"), free(400));
    peer(P4, tag("group", "b"), free(300));
    BalancedAllocator allocator = new BalancedAllocator(List.of("tag:group", "freespace"));

    assertThat(allocator.order(rows, cid("x"), 3)).containsExactly(P1, P3, P2);
    assertThat(allocator.order(rows, cid("x"), 0)).isEmpty();
  }

  @Test
  void order_noPeers_isEmpty() {
    assertThat(order("tag:group", "freespace")).isEmpty();
  }

  @Test
  void order_hugeWeights_doNotOverflowIntoLosing() {
    peer(P1, tag("group", "big"), free(Long.MAX_VALUE - 1));
    peer(P2, tag("group", "big"), free(Long.MAX_VALUE - 1));
    peer(P3, tag("group", "small"), free(1));

    assertThat(order("tag:group", "freespace").get(0)).isIn(P1, P2);
  }

  @Test
  void new_emptyAllocateBy_isRefused() {
    assertThatThrownBy(() -> new BalancedAllocator(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allocate_by");
  }
}

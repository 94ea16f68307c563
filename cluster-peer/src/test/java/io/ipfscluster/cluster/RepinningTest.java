package io.ipfscluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RepinningTest {
  static final PeerId A = Identity.generate().peerId();
  static final PeerId B = Identity.generate().peerId();
  static final PeerId C = Identity.generate().peerId();
  static final PeerId FAILED = Identity.generate().peerId();

  final MemoryConsensus consensus = new MemoryConsensus(List.of(A, B, C, FAILED));
  final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  final List<Repinning> repinnings = new ArrayList<>();

  @AfterEach
  void stop() {
    repinnings.forEach(Repinning::close);
    timer.shutdownNow();
  }

  Repinning repinning(PeerId self, Duration grace, int pinsPerSecond) {
    timer.setRemoveOnCancelPolicy(true);
    Pinning pinning =
        new Pinning(
            new Pinning.Settings(-1, -1, false),
            consensus,
            new ResolvingIpfs(Map.of()),
            FixedMetrics.allocation(consensus, Instant.parse("2026-11-27T00:00:00Z")),
            InstantSource.fixed(Instant.parse("2026-11-27T00:00:00Z")));
    Repinning r =
        new Repinning(
            self, consensus, pinning, new Repinning.Settings(true, grace, pinsPerSecond), timer);
    repinnings.add(r);
    return r;
  }

  /** {@code count} pins with replication {@code rmin..rmax} allocated to {@code allocations}. */
  List<Cid> pins(int count, int rmin, int rmax, List<PeerId> allocations) {
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Cid cid = PinningTest.cid("pin-" + rmin + "-" + rmax + "-" + i);
      consensus.state.add(
          Pin.of(cid, PinOptions.defaults().withReplication(rmin, rmax))
              .withAllocations(allocations));
      cids.add(cid);
    }
    return cids;
  }

  void awaitDone(Repinning... rs) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> List.of(rs).stream().noneMatch(r -> r.handling(FAILED)));
  }

  @Test
  void peerDown_onEveryPeer_movesEachPinBelowMinimumExactlyOnce() {
    List<Cid> cids = pins(60, 2, 2, List.of(A, FAILED));
    consensus.setPeers(List.of(A, B, C)); // FAILED's ping expired
    Repinning a = repinning(A, Duration.ZERO, 1000);
    Repinning b = repinning(B, Duration.ZERO, 1000);
    Repinning c = repinning(C, Duration.ZERO, 1000);

    a.peerDown(FAILED);
    b.peerDown(FAILED);
    c.peerDown(FAILED);
    awaitDone(a, b, c);

    Map<Cid, Integer> commits = new HashMap<>();
    consensus.logged.forEach(p -> commits.merge(p.cid(), 1, Integer::sum));
    assertThat(commits).hasSize(cids.size()).allSatisfy((cid, n) -> assertThat(n).isEqualTo(1));
    for (Cid cid : cids) {
      Pin pin = consensus.state.get(cid).orElseThrow();
      assertThat(pin.allocations()).hasSize(2).contains(A).doesNotContain(FAILED);
    }
  }

  @Test
  void peerDown_onOnePeer_movesOnlyThePinsItIsClosestTo() {
    List<Cid> cids = pins(60, 2, 2, List.of(A, FAILED));
    consensus.setPeers(List.of(A, B, C));
    Repinning b = repinning(B, Duration.ZERO, 1000);

    b.peerDown(FAILED);
    awaitDone(b);

    List<Cid> closest =
        cids.stream().filter(cid -> Closeness.isClosest(B, cid, List.of(A, B, C))).toList();
    assertThat(closest).isNotEmpty().hasSizeLessThan(cids.size());
    assertThat(consensus.logged).extracting(Pin::cid).containsExactlyInAnyOrderElementsOf(closest);
  }

  @Test
  void peerDown_pinsStillAtTheirMinimum_stayWhereTheyAre() {
    pins(40, 2, 3, List.of(A, B, FAILED));
    consensus.setPeers(List.of(A, B, C));
    Repinning a = repinning(A, Duration.ZERO, 1000);
    Repinning b = repinning(B, Duration.ZERO, 1000);
    Repinning c = repinning(C, Duration.ZERO, 1000);

    a.peerDown(FAILED);
    b.peerDown(FAILED);
    c.peerDown(FAILED);
    awaitDone(a, b, c);

    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void peerRemoved_withoutGraceAndDespitePeerUp_dropsThePeerFromEveryPin() {
    List<Cid> atMinimum = pins(20, 2, 3, List.of(A, B, FAILED));
    List<Cid> belowMinimum = pins(20, 2, 2, List.of(A, FAILED));
    consensus.setPeers(List.of(A, B));
    Repinning a = repinning(A, Duration.ofHours(1), 1000);
    Repinning b = repinning(B, Duration.ofHours(1), 1000);

    a.peerRemoved(FAILED);
    b.peerRemoved(FAILED);
    a.peerUp(FAILED);
    b.peerUp(FAILED);
    awaitDone(a, b);

    for (Cid cid : atMinimum) {
      assertThat(consensus.state.get(cid).orElseThrow().allocations()).containsExactly(A, B);
    }
    for (Cid cid : belowMinimum) {
      assertThat(consensus.state.get(cid).orElseThrow().allocations()).containsExactly(A, B);
    }
  }

  @Test
  void peerDown_ofARemovedPeer_isIgnored() {
    pins(5, 2, 2, List.of(A, FAILED));
    consensus.setPeers(List.of(A));
    Repinning a = repinning(A, Duration.ZERO, 1000);
    a.peerRemoved(FAILED);
    awaitDone(a);
    int logged = consensus.logged.size();

    a.peerDown(FAILED);

    assertThat(a.handling(FAILED)).isFalse();
    assertThat(consensus.logged).hasSize(logged);
  }

  @Test
  void peerDown_morePinsThanTheRate_walksThePinsetInPages() {
    List<Cid> cids = pins(25, 1, 1, List.of(FAILED));
    pins(30, 2, 2, List.of(B, C)); // interleaved pins of other peers are skipped
    consensus.setPeers(List.of(A)); // A alone is closest to every pin
    Repinning a = repinning(A, Duration.ZERO, 10);

    a.peerDown(FAILED);
    awaitDone(a);

    assertThat(consensus.logged).extracting(Pin::cid).containsExactlyInAnyOrderElementsOf(cids);
  }

  @Test
  void peerUp_withinTheGracePeriod_movesNothing() {
    pins(10, 2, 2, List.of(A, FAILED));
    consensus.setPeers(List.of(A, B, C));
    Repinning a = repinning(A, Duration.ofHours(1), 1000);

    a.peerDown(FAILED);
    assertThat(a.handling(FAILED)).isTrue();
    assertThat(timer.getQueue()).hasSize(1);
    a.peerUp(FAILED);

    assertThat(a.handling(FAILED)).isFalse();
    assertThat(timer.getQueue()).isEmpty();
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void peerDown_disabled_schedulesNothing() {
    pins(10, 2, 2, List.of(A, FAILED));
    Repinning off =
        new Repinning(
            A, consensus, null, new Repinning.Settings(false, Duration.ZERO, 1000), timer);

    off.peerDown(FAILED);

    assertThat(off.handling(FAILED)).isFalse();
    assertThat(timer.getQueue()).isEmpty();
  }

  @Test
  void isClosest_amongSeveralPeers_choosesExactlyOnePeerPerCid() {
    List<PeerId> peers = List.of(A, B, C, FAILED);
    IntStream.range(0, 200)
        .mapToObj(i -> PinningTest.cid("c" + i))
        .forEach(
            cid ->
                assertThat(peers.stream().filter(p -> Closeness.isClosest(p, cid, peers)))
                    .hasSize(1));
  }
}

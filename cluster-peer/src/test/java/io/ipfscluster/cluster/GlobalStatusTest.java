package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.SELF;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Global status, recover and garbage collection over three peers: this one with a scripted tracker,
 * two others reached through {@link FakePeers}.
 */
class GlobalStatusTest {
  static final PeerId B = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
  static final PeerId C = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  static final PeerId C_IPFS = PeerId.parse("QmUJPTFZnR2CPGAzmfdYPghgrFtYFB6pf1BqMvqfiPDam8");
  static final String C_PING = "{\"peer_name\":\"gamma\",\"ipfs_id\":\"" + C_IPFS + "\"}";

  final MemoryConsensus consensus = new MemoryConsensus(List.of(SELF, B, C));
  final ScriptedTracker mine = new ScriptedTracker(SELF, "alpha", NOW);
  final ScriptedTracker bs = new ScriptedTracker(B, "beta", NOW);
  final ScriptedTracker cs = new ScriptedTracker(C, "gamma", NOW);
  final FakePeers others = new FakePeers().with(B, bs).with(C, cs).ping(C, C_PING);
  final PeerCluster cluster =
      new PeerCluster(
          new PeerCluster.Self(SELF, "alpha", List.of()),
          -1,
          -1,
          false,
          new PeerCluster.Allocating(FixedMetrics.DEFAULT_ALLOCATE_BY, false, false),
          consensus,
          mine,
          new ResolvingIpfs(Map.of()),
          InstantSource.fixed(NOW));

  GlobalStatusTest() {
    cluster.useNetwork(others);
  }

  /**
   * Puts a pin of {@code name}'s CID in the state, allocated to {@code peers} (none: everywhere).
   */
  Cid pinned(String name, PeerId... peers) {
    Cid cid = cid(name);
    int factor = peers.length == 0 ? -1 : peers.length;
    consensus.state.add(
        Pin.of(cid, PinOptions.defaults().withReplication(factor, factor))
            .withAllocations(List.of(peers))
            .withTimestamp(NOW));
    return cid;
  }

  static Map<PeerId, TrackerStatus> statuses(GlobalPinInfo info) {
    return info.peerMap().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status()));
  }

  @Test
  void status_pinAllocatedToTwoOfThree_asksThoseTwoAndShowsTheThirdRemoteByItsPing() {
    Cid x = pinned("x", SELF, B);
    mine.set(x, TrackerStatus.PINNED);
    bs.set(x, TrackerStatus.PINNING);
    others.unreachable(C, "C must not be asked");

    GlobalPinInfo info = cluster.status(x, false);

    assertThat(statuses(info))
        .isEqualTo(
            Map.of(SELF, TrackerStatus.PINNED, B, TrackerStatus.PINNING, C, TrackerStatus.REMOTE));
    PinInfoShort remote = info.peerMap().get(C);
    assertThat(remote.peerName()).isEqualTo("gamma");
    assertThat(remote.ipfsPeerId()).isEqualTo(C_IPFS);
    assertThat(remote.timestamp()).isEqualTo(NOW);
  }

  @Test
  void status_cidNotInPinset_unpinnedOnEveryPeerWithoutAskingAny() {
    others.unreachable(B, "B must not be asked").unreachable(C, "C must not be asked");

    GlobalPinInfo info = cluster.status(cid("absent"), false);

    assertThat(statuses(info))
        .isEqualTo(
            Map.of(
                SELF,
                TrackerStatus.UNPINNED,
                B,
                TrackerStatus.UNPINNED,
                C,
                TrackerStatus.UNPINNED));
    assertThat(info.peerMap().get(SELF).peerName()).isEqualTo("alpha");
    assertThat(info.peerMap().get(C).peerName()).isEqualTo("gamma");
  }

  @Test
  void status_unreachablePeer_clusterErrorWithTheErrorAndItsCachedName_deniedPeerLeftOut() {
    Cid x = pinned("x"); // everywhere: every peer is asked
    mine.set(x, TrackerStatus.PINNED);
    others.unreachable(C, "cannot reach peer " + C + ": connection refused").denying(B);

    GlobalPinInfo info = cluster.status(x, false);

    assertThat(statuses(info))
        .isEqualTo(Map.of(SELF, TrackerStatus.PINNED, C, TrackerStatus.CLUSTER_ERROR));
    PinInfoShort error = info.peerMap().get(C);
    assertThat(error.error()).isEqualTo("cannot reach peer " + C + ": connection refused");
    assertThat(error.peerName()).isEqualTo("gamma");
    assertThat(error.ipfsPeerId()).isEqualTo(C_IPFS);
  }

  @Test
  void status_peerWithoutPingThatAnsweredBefore_errorCarriesTheNameItGave() {
    Cid x = pinned("x", B);
    bs.set(x, TrackerStatus.PINNED);
    assertThat(cluster.status(x, false).peerMap().get(B).peerName()).isEqualTo("beta");
    others.unreachable(B, "gone");

    PinInfoShort error = cluster.status(x, false).peerMap().get(B);

    assertThat(error.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(error.peerName()).isEqualTo("beta");
  }

  @Test
  void status_local_answersForThisPeerOnly() {
    Cid x = pinned("x");
    mine.set(x, TrackerStatus.PINNED);

    assertThat(statuses(cluster.status(x, true))).isEqualTo(Map.of(SELF, TrackerStatus.PINNED));
  }

  @Test
  void statusAll_mergesEveryPeersListing_filterAskedOfEachAndUnreachablePeerOnEveryCid() {
    Cid a = pinned("a");
    Cid b = pinned("b");
    Cid c = pinned("c");
    mine.set(a, TrackerStatus.PINNED).set(b, TrackerStatus.PIN_ERROR);
    bs.set(a, TrackerStatus.PINNED).set(c, TrackerStatus.PINNED).set(b, TrackerStatus.PINNING);
    others.unreachable(C, "unreachable");
    StatusFilter pinned = StatusFilter.of(TrackerStatus.PINNED);

    List<GlobalPinInfo> all;
    try (Stream<GlobalPinInfo> s = cluster.statusAll(pinned, false)) {
      all = s.toList();
    }

    assertThat(all)
        .extracting(GlobalPinInfo::cid)
        .containsExactlyElementsOf(Stream.of(a, c).sorted().toList());
    Map<Cid, Map<PeerId, TrackerStatus>> byCid =
        all.stream().collect(Collectors.toMap(GlobalPinInfo::cid, GlobalStatusTest::statuses));
    assertThat(byCid.get(a))
        .isEqualTo(
            Map.of(
                SELF,
                TrackerStatus.PINNED,
                B,
                TrackerStatus.PINNED,
                C,
                TrackerStatus.CLUSTER_ERROR));
    assertThat(byCid.get(c))
        .isEqualTo(Map.of(B, TrackerStatus.PINNED, C, TrackerStatus.CLUSTER_ERROR));
    assertThat(all.get(0).peerMap().get(C).error()).isEqualTo("unreachable");
    assertThat(mine.filters).containsExactly(pinned);
    assertThat(bs.filters).containsExactly(pinned);
  }

  @Test
  void statusAll_local_listsThisPeersTrackerOnly() {
    Cid a = pinned("a");
    mine.set(a, TrackerStatus.PINNED);
    bs.set(cid("b"), TrackerStatus.PINNED);

    try (Stream<GlobalPinInfo> s = cluster.statusAll(StatusFilter.ALL, true)) {
      assertThat(s.map(GlobalStatusTest::statuses).toList())
          .containsExactly(Map.of(SELF, TrackerStatus.PINNED));
    }
    assertThat(bs.filters).isEmpty();
  }

  @Test
  void statusAndStatusAll_follower_answerForItselfAlone() {
    PeerCluster follower =
        new PeerCluster(
            new PeerCluster.Self(SELF, "alpha", List.of()),
            -1,
            -1,
            true,
            new PeerCluster.Allocating(FixedMetrics.DEFAULT_ALLOCATE_BY, false, false),
            consensus,
            mine,
            new ResolvingIpfs(Map.of()),
            InstantSource.fixed(NOW));
    follower.useNetwork(others);
    Cid x = pinned("x", B);
    mine.set(x, TrackerStatus.REMOTE);
    bs.set(x, TrackerStatus.PINNED);

    assertThat(statuses(follower.status(x, false))).isEqualTo(Map.of(SELF, TrackerStatus.REMOTE));
    try (Stream<GlobalPinInfo> s = follower.statusAll(StatusFilter.ALL, false)) {
      assertThat(s.map(GlobalStatusTest::statuses).toList())
          .containsExactly(Map.of(SELF, TrackerStatus.REMOTE));
    }
    assertThat(bs.filters).isEmpty();
  }

  @Test
  void recover_pinEverywhere_everyPeerRecoversItsFailure() {
    Cid x = pinned("x");
    mine.set(x, TrackerStatus.PIN_ERROR);
    bs.set(x, TrackerStatus.UNEXPECTEDLY_UNPINNED);
    cs.set(x, TrackerStatus.PINNED);

    GlobalPinInfo info = cluster.recover(x, false);

    assertThat(statuses(info))
        .isEqualTo(
            Map.of(
                SELF,
                TrackerStatus.PIN_QUEUED,
                B,
                TrackerStatus.PIN_QUEUED,
                C,
                TrackerStatus.PINNED));
    assertThat(mine.recovered).containsExactly(x);
    assertThat(bs.recovered).containsExactly(x);
    assertThat(cs.recovered).isEmpty();
  }

  @Test
  void recover_local_recoversHereOnly() {
    Cid x = pinned("x");
    mine.set(x, TrackerStatus.PIN_ERROR);
    bs.set(x, TrackerStatus.PIN_ERROR);

    assertThat(statuses(cluster.recover(x, true)))
        .isEqualTo(Map.of(SELF, TrackerStatus.PIN_QUEUED));
    assertThat(bs.recovered).isEmpty();
  }

  @Test
  void recoverAll_everyPeerRecoversItsOwnFailures_mergedPerCid() {
    Cid a = pinned("a");
    Cid b = pinned("b");
    mine.set(a, TrackerStatus.PIN_ERROR).set(b, TrackerStatus.PINNED);
    bs.set(a, TrackerStatus.PIN_ERROR).set(b, TrackerStatus.UNPIN_ERROR);
    cs.set(a, TrackerStatus.PINNED);

    List<GlobalPinInfo> moved;
    try (Stream<GlobalPinInfo> s = cluster.recoverAll(false)) {
      moved = s.toList();
    }

    Map<Cid, Map<PeerId, TrackerStatus>> byCid =
        moved.stream().collect(Collectors.toMap(GlobalPinInfo::cid, GlobalStatusTest::statuses));
    assertThat(byCid)
        .isEqualTo(
            Map.of(
                a,
                Map.of(SELF, TrackerStatus.PIN_QUEUED, B, TrackerStatus.PIN_QUEUED),
                b,
                Map.of(B, TrackerStatus.PIN_QUEUED)));
    assertThat(cs.recovered).isEmpty();
  }

  @Test
  void repoGc_everyPeer_oneEntryEach_withTheErrorOfThoseThatFailed() {
    RepoGc fromB = new RepoGc(B, "beta", List.of(new RepoGcKey(cid("gone"), "")), "");
    others.gc(B, fromB).unreachable(C, "cannot reach peer C");

    GlobalRepoGc gc = cluster.repoGc(false);

    assertThat(gc.peerMap()).containsOnlyKeys(SELF, B, C);
    assertThat(gc.peerMap().get(B)).isEqualTo(fromB);
    assertThat(gc.peerMap().get(C)).isEqualTo(RepoGc.failed(C, "gamma", "cannot reach peer C"));
    RepoGc here = gc.peerMap().get(SELF);
    assertThat(here.peername()).isEqualTo("alpha");
    assertThat(here.error()).as("this test's IPFS node cannot collect").isNotEmpty();
  }

  @Test
  void repoGc_deniedPeerLeftOut_localOnlyThisPeer() {
    others.gc(B, RepoGc.failed(B, "beta", "")).denying(C);

    assertThat(cluster.repoGc(false).peerMap()).containsOnlyKeys(SELF, B);
    assertThat(cluster.repoGc(true).peerMap()).containsOnlyKeys(SELF);
  }
}

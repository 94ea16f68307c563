package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The k-way merge of per-peer status streams into one status per CID. */
class StatusMergeTest {
  static final PeerId A = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
  static final PeerId B = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
  static final PeerId C = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");

  /** Five CIDs in byte order. */
  static final List<Cid> CIDS =
      Stream.of("a", "b", "c", "d", "e").map(PinningTest::cid).sorted().toList();

  private static final Executor THREADS = task -> Thread.ofVirtual().start(task);
  private static final StatusMerge.ErrorEntry ERRORS =
      (peer, cid, error) ->
          new PinInfo(
              cid, "", peer, null, null, null, null, PinInfoShort.clusterError("", NOW, error));

  static PinInfo info(PeerId peer, Cid cid, TrackerStatus status) {
    return new PinInfo(
        cid, "pin", peer, List.of(peer), null, NOW, null, PinInfoShort.of("n", status, NOW));
  }

  /** {@code peer}'s statuses of the CIDs at {@code indexes}, all {@code status}. */
  static StatusMerge.Source source(PeerId peer, TrackerStatus status, int... indexes) {
    List<PinInfo> infos = new ArrayList<>();
    for (int i : indexes) {
      infos.add(info(peer, CIDS.get(i), status));
    }
    return new StatusMerge.Source(peer, infos::stream);
  }

  static StatusMerge.Source failing(PeerId peer, String error) {
    return new StatusMerge.Source(
        peer,
        () -> {
          throw new ClusterException(ClusterException.Kind.FAILED, error);
        });
  }

  static List<GlobalPinInfo> merge(List<StatusMerge.Source> sources, Supplier<Stream<Cid>> fb) {
    try (Stream<GlobalPinInfo> s = StatusMerge.merge(sources, ERRORS, fb, "test", THREADS)) {
      return s.toList();
    }
  }

  static Map<PeerId, TrackerStatus> statuses(GlobalPinInfo info) {
    return info.peerMap().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status()));
  }

  @Test
  void merge_peersListingOverlappingCids_oneStatusPerCidInByteOrderWithEachPeersEntry() {
    List<GlobalPinInfo> merged =
        merge(
            List.of(
                source(A, TrackerStatus.PINNED, 0, 1, 3),
                source(B, TrackerStatus.REMOTE, 1, 2, 3),
                source(C, TrackerStatus.PINNING, 3, 4)),
            null);

    assertThat(merged).extracting(GlobalPinInfo::cid).containsExactlyElementsOf(CIDS);
    assertThat(statuses(merged.get(0))).isEqualTo(Map.of(A, TrackerStatus.PINNED));
    assertThat(statuses(merged.get(1)))
        .isEqualTo(Map.of(A, TrackerStatus.PINNED, B, TrackerStatus.REMOTE));
    assertThat(statuses(merged.get(3)))
        .isEqualTo(
            Map.of(A, TrackerStatus.PINNED, B, TrackerStatus.REMOTE, C, TrackerStatus.PINNING));
    assertThat(merged.get(1).name()).isEqualTo("pin");
  }

  @Test
  void merge_peerThatCannotBeAsked_clusterErrorWithItsErrorOnEveryCid() {
    List<GlobalPinInfo> merged =
        merge(
            List.of(
                source(A, TrackerStatus.PINNED, 0, 2), failing(B, "cannot reach peer B: refused")),
            null);

    assertThat(merged).extracting(GlobalPinInfo::cid).containsExactly(CIDS.get(0), CIDS.get(2));
    for (GlobalPinInfo g : merged) {
      assertThat(g.peerMap().get(A).status()).isEqualTo(TrackerStatus.PINNED);
      assertThat(g.peerMap().get(B).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
      assertThat(g.peerMap().get(B).error()).isEqualTo("cannot reach peer B: refused");
      assertThat(g.name())
          .as("the pin's fields come from the answer, not the error")
          .isEqualTo("pin");
    }
  }

  @Test
  void merge_streamBreakingHalfWay_keepsItsAnswersThenGivesItsErrorToTheRest() {
    StatusMerge.Source breaking =
        new StatusMerge.Source(
            B, () -> breakingAfter(List.of(info(B, CIDS.get(0), TrackerStatus.PINNED)), "reset"));

    List<GlobalPinInfo> merged =
        merge(List.of(source(A, TrackerStatus.PINNED, 0, 1, 2), breaking), null);

    assertThat(merged).hasSize(3);
    assertThat(merged.get(0).peerMap().get(B).status()).isEqualTo(TrackerStatus.PINNED);
    assertThat(merged.get(1).peerMap().get(B).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(merged.get(2).peerMap().get(B).error()).isEqualTo("reset");
  }

  @Test
  void merge_peerListingOutOfOrder_isAnErrorFromThere() {
    StatusMerge.Source unordered =
        new StatusMerge.Source(
            B,
            () ->
                Stream.of(
                    info(B, CIDS.get(2), TrackerStatus.PINNED),
                    info(B, CIDS.get(1), TrackerStatus.PINNED)));

    List<GlobalPinInfo> merged =
        merge(List.of(source(A, TrackerStatus.PINNED, 0, 1, 2, 3), unordered), null);

    assertThat(merged).extracting(GlobalPinInfo::cid).containsExactlyElementsOf(CIDS.subList(0, 4));
    assertThat(merged.get(2).peerMap().get(B).status()).isEqualTo(TrackerStatus.PINNED);
    assertThat(merged.get(3).peerMap().get(B).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(merged.get(3).peerMap().get(B).error()).contains("out of CID order");
  }

  @Test
  void merge_peerRefusingTheCall_isLeftOut() {
    StatusMerge.Source denied =
        new StatusMerge.Source(
            B,
            () -> {
              throw new OtherPeers.Denied("client does not have permissions", null);
            });

    List<GlobalPinInfo> merged = merge(List.of(source(A, TrackerStatus.PINNED, 0), denied), null);

    assertThat(merged).singleElement().satisfies(g -> assertThat(g.peerMap()).containsOnlyKeys(A));
  }

  @Test
  void merge_noPeerAnswers_fallbackCidsCarryEveryError() {
    List<GlobalPinInfo> merged =
        merge(
            List.of(failing(A, "ipfs down"), failing(B, "unreachable")),
            () -> CIDS.subList(0, 2).stream());

    assertThat(merged).extracting(GlobalPinInfo::cid).containsExactlyElementsOf(CIDS.subList(0, 2));
    assertThat(merged.get(1).peerMap().get(A).error()).isEqualTo("ipfs down");
    assertThat(merged.get(1).peerMap().get(B).error()).isEqualTo("unreachable");
  }

  @Test
  void merge_noPeerAnswersAndNoFallback_throwsTheFirstError() {
    assertThatThrownBy(() -> merge(List.of(failing(A, "ipfs down"), failing(B, "x")), null))
        .isInstanceOf(ClusterException.class)
        .hasMessage("ipfs down");
  }

  @Test
  void merge_closedEarly_closesEveryPeersStream() {
    AtomicInteger closed = new AtomicInteger();
    List<StatusMerge.Source> sources = new ArrayList<>();
    for (PeerId p : List.of(A, B)) {
      sources.add(
          new StatusMerge.Source(
              p,
              () ->
                  CIDS.stream()
                      .map(c -> info(p, c, TrackerStatus.PINNED))
                      .onClose(closed::incrementAndGet)));
    }

    try (Stream<GlobalPinInfo> s = StatusMerge.merge(sources, ERRORS, null, "test", THREADS)) {
      assertThat(s.limit(2).count()).isEqualTo(2);
    }

    assertThat(closed).hasValue(2);
  }

  @Test
  void merge_manyPeersAndCids_readsEachPeerOnceInStep() {
    int peers = 7;
    int cids = 2_000;
    List<StatusMerge.Source> sources = new ArrayList<>();
    AtomicInteger maxAhead = new AtomicInteger();
    AtomicInteger consumed = new AtomicInteger();
    List<Cid> sorted =
        Stream.iterate(0, i -> i < cids, i -> i + 1).map(i -> cid("n" + i)).sorted().toList();
    for (int p = 0; p < peers; p++) {
      byte[] key = new byte[32];
      Arrays.fill(key, (byte) p);
      PeerId peer = PeerId.fromEd25519PublicKey(key);
      AtomicInteger read = new AtomicInteger();
      sources.add(
          new StatusMerge.Source(
              peer,
              () ->
                  sorted.stream()
                      .map(
                          c -> {
                            maxAhead.accumulateAndGet(
                                read.incrementAndGet() - consumed.get() / peers, Math::max);
                            return info(peer, c, TrackerStatus.PINNED);
                          })));
    }

    long count;
    try (Stream<GlobalPinInfo> s = StatusMerge.merge(sources, ERRORS, null, "test", THREADS)) {
      count =
          s.peek(g -> consumed.addAndGet(g.peerMap().size()))
              .filter(g -> g.peerMap().size() == peers)
              .count();
    }

    assertThat(count).isEqualTo(cids);
    assertThat(maxAhead.get())
        .as("no peer's stream is read far ahead of the merge")
        .isLessThanOrEqualTo(2);
  }

  private static Stream<PinInfo> breakingAfter(List<PinInfo> first, String error) {
    Iterator<PinInfo> it = first.iterator();
    Iterator<PinInfo> breaking =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            if (it.hasNext()) {
              return true;
            }
            throw new ClusterException(ClusterException.Kind.FAILED, error);
          }

          @Override
          public PinInfo next() {
            return it.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(breaking, Spliterator.ORDERED), false);
  }
}

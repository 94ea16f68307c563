package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** statusAll: filters, the one IPFS listing, operations winning over the state. */
@Timeout(30)
class TrackerStatusAllTest {
  private final TrackerFixture f = new TrackerFixture(TrackerFixture.config(100, 1));

  /**
   * State: 1 pinned recursively, 2 pinned directly, 3 not pinned (unexpectedly unpinned), 4 remote,
   * 5 a meta pin, 6 pinning (held), 7 queued, 8 in pin_error. Outside the state: 9 in unpin_error.
   */
  @BeforeEach
  void fill() {
    f.ipfs.setDown(true);
    f.tracker.untrack(cid(9));
    f.awaitStatus(9, TrackerStatus.UNPIN_ERROR);
    f.ipfs.setDown(false);
    f.here(1);
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.RECURSIVE);
    f.inState(
        new Pin(
            cid(2),
            PinType.DATA,
            List.of(TrackerFixture.SELF),
            PinMode.DIRECT.maxDepth(),
            null,
            f.clock.instant(),
            PinOptions.defaults().withReplication(1, 1)));
    f.ipfs.pinDirectly(cid(2), IpfsPinStatus.DIRECT);
    f.here(3);
    f.elsewhere(4);
    f.inState(new Pin(cid(5), PinType.META, List.of(), -1, cid(1), f.clock.instant(), null));
    f.ipfs.failPins(cid(8), "IPFS error (pin/add). Code: 0. Message: no space");
    f.trackHere(8);
    f.awaitStatus(8, TrackerStatus.PIN_ERROR);
    f.ipfs.holdPins();
    f.ipfs.pinDirectly(cid(6), IpfsPinStatus.RECURSIVE); // pinned, yet an operation runs
    f.trackHere(6);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
    f.trackHere(7);
    f.ipfs.pinLsCalls.set(0);
  }

  @AfterEach
  void close() {
    f.ipfs.releasePins();
    f.close();
  }

  private Map<Cid, TrackerStatus> statusAll(StatusFilter filter) {
    try (Stream<PinInfo> s = f.tracker.statusAll(filter)) {
      return s.collect(Collectors.toMap(PinInfo::cid, PinInfo::status));
    }
  }

  @Test
  void statusAll_all_reportsEveryStatePinInStateOrderWithOneIpfsListing() {
    List<PinInfo> all;
    try (Stream<PinInfo> s = f.tracker.statusAll(StatusFilter.ALL)) {
      all = s.toList();
    }

    assertThat(all).extracting(PinInfo::cid).isSorted();
    assertThat(all.stream().collect(Collectors.toMap(PinInfo::cid, PinInfo::status)))
        .isEqualTo(
            Map.of(
                cid(1), TrackerStatus.PINNED,
                cid(2), TrackerStatus.PINNED,
                cid(3), TrackerStatus.UNEXPECTEDLY_UNPINNED,
                cid(4), TrackerStatus.REMOTE,
                cid(5), TrackerStatus.SHARDED,
                cid(6), TrackerStatus.PINNING,
                cid(7), TrackerStatus.PIN_QUEUED,
                cid(8), TrackerStatus.PIN_ERROR));
    assertThat(f.ipfs.pinLsCalls.get()).isEqualTo(1);
    assertThat(f.ipfs.lastPinLsTypes).isEqualTo(Set.of("recursive", "direct"));
    assertThat(f.state.openListings.get()).as("the state listing was closed").isZero();
  }

  @Test
  void statusAll_fieldsOfStatePins_matchStatus() {
    try (Stream<PinInfo> s = f.tracker.statusAll(StatusFilter.ALL)) {
      s.forEach(i -> assertThat(i).isEqualTo(f.tracker.status(i.cid())));
    }
  }

  @Test
  void statusAll_unexpectedlyUnpinned_carriesTheError() {
    try (Stream<PinInfo> s =
        f.tracker.statusAll(StatusFilter.of(TrackerStatus.UNEXPECTEDLY_UNPINNED))) {
      assertThat(s.toList())
          .singleElement()
          .satisfies(i -> assertThat(i.cid()).isEqualTo(cid(3)))
          .satisfies(
              i ->
                  assertThat(i.peerStatus().error())
                      .isEqualTo("the item should be pinned but it is not"));
    }
  }

  @Test
  void statusAll_pinned_letsTheOperationWin() {
    assertThat(statusAll(StatusFilter.of(TrackerStatus.PINNED)))
        .as("6 is pinned in IPFS but an operation runs on it")
        .isEqualTo(Map.of(cid(1), TrackerStatus.PINNED, cid(2), TrackerStatus.PINNED));
  }

  @Test
  void statusAll_operationFilters_listOperationsWithoutAskingIpfs() {
    assertThat(statusAll(StatusFilter.ERROR))
        .isEqualTo(Map.of(cid(8), TrackerStatus.PIN_ERROR, cid(9), TrackerStatus.UNPIN_ERROR));
    assertThat(statusAll(StatusFilter.QUEUED)).isEqualTo(Map.of(cid(7), TrackerStatus.PIN_QUEUED));
    assertThat(statusAll(StatusFilter.of(TrackerStatus.PINNING)))
        .isEqualTo(Map.of(cid(6), TrackerStatus.PINNING));
    assertThat(f.ipfs.pinLsCalls.get()).isZero();
    assertThat(f.state.openListings.get()).isZero();
  }

  @Test
  void statusAll_stateOrOperationFilters_listInCidByteOrder() {
    for (StatusFilter filter :
        List.of(
            StatusFilter.ALL,
            StatusFilter.of(
                TrackerStatus.PIN_ERROR,
                TrackerStatus.UNPIN_ERROR,
                TrackerStatus.PIN_QUEUED,
                TrackerStatus.PINNING))) {
      List<Cid> listed;
      try (Stream<PinInfo> s = f.tracker.statusAll(filter)) {
        listed = s.map(PinInfo::cid).toList();
      }
      assertThat(listed).as("filter %s", filter).hasSizeGreaterThanOrEqualTo(4).isSorted();
    }
  }

  @Test
  void statusAll_remoteOrSharded_walksTheStateWithoutAskingIpfs() {
    assertThat(statusAll(StatusFilter.of(TrackerStatus.REMOTE)))
        .isEqualTo(Map.of(cid(4), TrackerStatus.REMOTE));
    assertThat(statusAll(StatusFilter.of(TrackerStatus.SHARDED)))
        .isEqualTo(Map.of(cid(5), TrackerStatus.SHARDED));
    assertThat(f.ipfs.pinLsCalls.get()).isZero();
  }

  @Test
  void statusAll_mixedFilter_combinesStateAndOperations() {
    assertThat(statusAll(StatusFilter.of(TrackerStatus.REMOTE, TrackerStatus.PIN_ERROR)))
        .as("a state walk: the unpin error outside the state is not listed")
        .isEqualTo(Map.of(cid(4), TrackerStatus.REMOTE, cid(8), TrackerStatus.PIN_ERROR));
  }

  @Test
  void statusAll_ipfsDown_throwsCouldNotGetPinset() {
    f.ipfs.setDown(true);

    assertThatThrownBy(() -> f.tracker.statusAll(StatusFilter.ALL))
        .isInstanceOf(ClusterException.class)
        .hasMessage("could not get pinset from IPFS: " + FakeIpfs.DOWN);
    assertThat(statusAll(StatusFilter.of(TrackerStatus.REMOTE))).hasSize(1);
  }

  @Test
  void statusAll_isStreamedLazilyFromTheState() {
    try (Stream<PinInfo> s = f.tracker.statusAll(StatusFilter.ALL)) {
      assertThat(f.state.openListings.get()).isEqualTo(1);
      assertThat(s.findFirst()).isPresent();
    }
    assertThat(f.state.openListings.get()).isZero();
  }
}

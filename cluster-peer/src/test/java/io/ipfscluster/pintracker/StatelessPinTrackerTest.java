package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static io.ipfscluster.pintracker.TrackerFixture.IPFS_ADDRESSES;
import static io.ipfscluster.pintracker.TrackerFixture.IPFS_ID;
import static io.ipfscluster.pintracker.TrackerFixture.OTHER;
import static io.ipfscluster.pintracker.TrackerFixture.PEER_NAME;
import static io.ipfscluster.pintracker.TrackerFixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.TrackerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Track, untrack and the status of single CIDs, in every status of spec §8.4. */
@Timeout(30)
class StatelessPinTrackerTest {
  private final TrackerFixture f = new TrackerFixture(TrackerFixture.config(100, 1));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void track_pinAllocatedHere_isPinnedInIpfsAndTheOperationIsDropped() {
    f.trackHere(1);

    f.awaitStatus(1, TrackerStatus.PINNED);
    assertThat(f.ipfs.isPinned(cid(1))).isTrue();
    PinInfo info = f.tracker.status(cid(1));
    assertThat(info.peerStatus().attemptCount()).as("from IPFS, not from an operation").isZero();
    assertThat(f.tracker.pinQueueSize()).isZero();
  }

  @Test
  void track_pinEverywhere_isPinnedWithoutAllocations() {
    Pin everywhere =
        f.inState(Pin.of(cid(1)).withOptions(PinOptions.defaults().withReplication(-1, -1)));

    f.tracker.track(everywhere);

    f.awaitStatus(1, TrackerStatus.PINNED);
  }

  @Test
  void track_directPin_pinsWithDepthZero() {
    Pin direct =
        f.inState(
            new Pin(
                cid(1),
                PinType.DATA,
                List.of(SELF),
                PinMode.DIRECT.maxDepth(),
                null,
                f.clock.instant(),
                PinOptions.defaults().withReplication(1, 1)));

    f.tracker.track(direct);

    f.awaitStatus(1, TrackerStatus.PINNED);
    assertThat(f.ipfs.pinned).extracting(Pin::maxDepth).containsExactly(0);
  }

  @Test
  void track_metaPin_isIgnoredAndReportsSharded() {
    Pin meta =
        f.inState(new Pin(cid(1), PinType.META, List.of(), -1, cid(2), f.clock.instant(), null));

    f.tracker.track(meta);

    assertThat(f.status(1)).isEqualTo(TrackerStatus.SHARDED);
    assertThat(f.ipfs.pinCalls.get() + f.ipfs.unpinCalls.get()).isZero();
  }

  @Test
  void track_pinAllocatedElsewhere_unpinsAtOnceAndReportsRemote() {
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.RECURSIVE);

    f.tracker.track(f.elsewhere(1));

    assertThat(f.ipfs.isPinned(cid(1))).as("unpinned before track returns").isFalse();
    PinInfo info = f.tracker.status(cid(1));
    assertThat(info.status()).isEqualTo(TrackerStatus.REMOTE);
    assertThat(info.peerStatus().error()).isEmpty();
  }

  @Test
  void track_pinAllocatedElsewhereWhileIpfsIsDown_reportsRemoteWithTheError() {
    f.ipfs.setDown(true);

    f.tracker.track(f.elsewhere(1));

    PinInfo info = f.tracker.status(cid(1));
    assertThat(info.status()).isEqualTo(TrackerStatus.REMOTE);
    assertThat(info.peerStatus().error()).isEqualTo(FakeIpfs.DOWN);
  }

  @Test
  void track_pinnedHereThenAllocatedElsewhere_isUnpinned() {
    Pin here = f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);

    f.tracker.track(f.inState(here.withAllocations(List.of(OTHER))));

    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
    assertThat(f.status(1)).isEqualTo(TrackerStatus.REMOTE);
  }

  @Test
  void untrack_pinnedCid_isUnpinnedInIpfs() {
    f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);

    f.state.remove(cid(1));
    f.tracker.untrack(cid(1));

    f.awaitStatus(1, TrackerStatus.UNPINNED);
    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
    assertThat(f.ipfs.unpinCalls.get()).isEqualTo(1);
  }

  @Test
  void status_cidNotInState_isUnpinnedNow() {
    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.status()).isEqualTo(TrackerStatus.UNPINNED);
    assertThat(info.peerStatus().timestamp()).isEqualTo(TrackerFixture.START);
    assertThat(info.created()).isEqualTo(GoTime.ZERO);
    assertThat(info.name()).isEmpty();
  }

  @Test
  void status_allocatedHereButNotPinnedInIpfs_isUnexpectedlyUnpinned() {
    f.here(1);

    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.status()).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);
    assertThat(info.peerStatus().error()).isEqualTo("the item should be pinned but it is not");
  }

  @Test
  void status_pinnedOnlyIndirectly_isUnexpectedlyUnpinned() {
    f.here(1);
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.INDIRECT);

    assertThat(f.status(1)).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);
  }

  @Test
  void status_ipfsDown_isClusterErrorWithTheConnectorsError() {
    f.here(1);
    f.ipfs.setDown(true);

    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(info.peerStatus().error()).isEqualTo(FakeIpfs.DOWN);
  }

  @Test
  void status_stateUnreadable_isClusterError() {
    f.state.breakReads();

    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(info.peerStatus().error()).isEqualTo("datastore closed");
  }

  @Test
  void status_whilePinHeld_isPinningThenQueuedForTheNext() {
    f.ipfs.holdPins();
    f.trackHere(1);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
    f.trackHere(2);

    assertThat(f.status(1)).isEqualTo(TrackerStatus.PINNING);
    assertThat(f.status(2)).isEqualTo(TrackerStatus.PIN_QUEUED);
    assertThat(f.tracker.pinQueueSize()).isEqualTo(1);

    f.ipfs.releasePins();
    f.awaitStatus(1, TrackerStatus.PINNED);
    f.awaitStatus(2, TrackerStatus.PINNED);
    assertThat(f.tracker.pinQueueSize()).isZero();
  }

  @Test
  void status_whileUnpinHeld_isUnpinningThenUnpinQueuedForTheNext() {
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.RECURSIVE);
    f.ipfs.pinDirectly(cid(2), IpfsPinStatus.RECURSIVE);
    f.ipfs.holdUnpins();
    f.tracker.untrack(cid(1));
    eventually().until(() -> f.ipfs.unpinsInFlight.get() == 1);
    f.tracker.untrack(cid(2));

    assertThat(f.status(1)).isEqualTo(TrackerStatus.UNPINNING);
    assertThat(f.status(2)).isEqualTo(TrackerStatus.UNPIN_QUEUED);
    assertThat(f.tracker.pinQueueSize()).as("counts pins only").isZero();

    f.ipfs.releaseUnpins();
    f.awaitStatus(2, TrackerStatus.UNPINNED);
    assertThat(f.ipfs.isPinned(cid(1)) || f.ipfs.isPinned(cid(2))).isFalse();
  }

  @Test
  void status_ofAnOperation_carriesThePeerThePinAndTheOperation() {
    Map<String, String> meta = Map.of("k", "v");
    Pin pin =
        f.inState(
            Pin.of(cid(1), new PinOptions(1, 1, "named", null, 0, null, null, meta, null, null))
                .withAllocations(List.of(SELF, OTHER))
                .withTimestamp(TrackerFixture.START.minusSeconds(60)));
    eventually().until(() -> f.tracker.status(cid(9)).peerStatus().ipfsPeerId() != null);
    f.ipfs.holdPins();
    f.tracker.track(pin);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);

    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.cid()).isEqualTo(cid(1));
    assertThat(info.peer()).isEqualTo(SELF);
    assertThat(info.name()).isEqualTo("named");
    assertThat(info.allocations()).containsExactly(SELF, OTHER);
    assertThat(info.metadata()).isEqualTo(meta);
    assertThat(info.created()).isEqualTo(pin.timestamp());
    assertThat(info.peerStatus().peerName()).isEqualTo(PEER_NAME);
    assertThat(info.peerStatus().ipfsPeerId()).isEqualTo(IPFS_ID);
    assertThat(info.peerStatus().ipfsPeerAddresses()).isEqualTo(IPFS_ADDRESSES);
    assertThat(info.peerStatus().status()).isEqualTo(TrackerStatus.PINNING);
    assertThat(info.peerStatus().timestamp())
        .as("when the phase changed")
        .isEqualTo(f.clock.instant());
    assertThat(info.peerStatus().attemptCount()).isEqualTo(1);
    assertThat(info.peerStatus().priorityPin()).isTrue();
    f.ipfs.releasePins();
  }

  @Test
  void status_fromTheState_carriesThePinsTimestamp() {
    Pin pin = f.here(1);
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.RECURSIVE);
    f.clock.advance(Duration.ofMinutes(5));

    PinInfo info = f.tracker.status(cid(1));

    assertThat(info.status()).isEqualTo(TrackerStatus.PINNED);
    assertThat(info.peerStatus().timestamp()).isEqualTo(pin.timestamp());
    assertThat(info.peerStatus().error()).isEmpty();
  }

  @Test
  void pinFailure_leavesPinErrorWithTheTextAndCountsAttempts() {
    f.ipfs.failPins(cid(1), "IPFS error (pin/add). Code: 0. Message: boom");
    f.trackHere(1);

    f.awaitStatus(1, TrackerStatus.PIN_ERROR);
    PinInfo first = f.tracker.status(cid(1));
    assertThat(first.peerStatus().error())
        .isEqualTo("IPFS error (pin/add). Code: 0. Message: boom");
    assertThat(first.peerStatus().attemptCount()).isEqualTo(1);

    f.tracker.recover(cid(1));
    eventually().until(() -> f.tracker.status(cid(1)).peerStatus().attemptCount() == 2);
    f.awaitStatus(1, TrackerStatus.PIN_ERROR);
  }

  @Test
  void track_samePinWhileQueued_onlyUpdatesThePin() {
    f.ipfs.holdPins();
    f.trackHere(1);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
    Pin queued = f.trackHere(2);
    Pin renamed = f.inState(queued.withOptions(queued.options().withName("renamed")));

    f.tracker.track(renamed);

    assertThat(f.tracker.pinQueueSize()).isEqualTo(1);
    assertThat(f.tracker.status(cid(2)).name()).isEqualTo("renamed");
    f.ipfs.releasePins();
    f.awaitStatus(2, TrackerStatus.PINNED);
    assertThat(f.ipfs.pinCalls.get()).isEqualTo(2);
    assertThat(f.ipfs.pinned)
        .filteredOn(p -> p.cid().equals(cid(2)))
        .extracting(p -> p.options().name())
        .containsExactly("renamed");
  }

  @Test
  void untrack_whilePinning_cancelsTheIpfsCallAndUnpins() {
    f.ipfs.holdPins();
    f.trackHere(1);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);

    f.state.remove(cid(1));
    f.tracker.untrack(cid(1));

    eventually().until(() -> f.ipfs.interruptedCalls.get() == 1);
    f.awaitStatus(1, TrackerStatus.UNPINNED);
    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
    f.ipfs.releasePins();
    // The worker moved on: a new pin is not hit by the old cancellation.
    f.trackHere(2);
    f.awaitStatus(2, TrackerStatus.PINNED);
    assertThat(f.ipfs.interruptedCalls.get()).isEqualTo(1);
  }

  @Test
  void untrack_whilePinQueued_skipsThePin() {
    f.ipfs.holdPins();
    f.trackHere(1);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
    f.trackHere(2);

    f.state.remove(cid(2));
    f.tracker.untrack(cid(2));
    f.awaitStatus(2, TrackerStatus.UNPINNED);
    assertThat(f.tracker.pinQueueSize()).isZero();
    f.ipfs.releasePins();

    f.awaitStatus(1, TrackerStatus.PINNED);
    f.trackHere(3);
    f.awaitStatus(3, TrackerStatus.PINNED);
    assertThat(f.ipfs.pinStarts).containsExactly(cid(1), cid(3));
  }

  @Test
  void track_afterUnpinError_replacesItWithAPinStartingAtZeroAttempts() {
    f.ipfs.setDown(true);
    f.tracker.untrack(cid(1));
    f.awaitStatus(1, TrackerStatus.UNPIN_ERROR);
    f.ipfs.setDown(false);
    f.ipfs.failPins(cid(1), "no");

    f.trackHere(1);

    f.awaitStatus(1, TrackerStatus.PIN_ERROR);
    assertThat(f.tracker.status(cid(1)).peerStatus().attemptCount()).isEqualTo(1);
  }
}

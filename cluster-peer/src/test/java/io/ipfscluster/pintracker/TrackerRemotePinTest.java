package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TrackerFixture.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StatelessPinTracker#track(Pin, Pin)}: a pin allocated elsewhere costs an IPFS call only
 * when this peer may have pinned it.
 */
@Timeout(30)
class TrackerRemotePinTest {
  private final TrackerFixture f = new TrackerFixture(TrackerFixture.config(100, 1));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void track_remotePinNewToThePinset_asksIpfsNothingAndReportsRemote() {
    for (int i = 1; i <= 50; i++) {
      f.tracker.track(f.elsewhere(i), null);
    }

    assertThat(f.ipfs.unpinCalls.get() + f.ipfs.pinCalls.get() + f.ipfs.pinLsCalls.get()).isZero();
    assertThat(f.status(7)).isEqualTo(TrackerStatus.REMOTE);
    assertThat(f.tracker.pinQueueSize()).isZero();
  }

  @Test
  void track_remotePinReplacingARemotePin_asksIpfsNothing() {
    Pin first = f.elsewhere(1);
    Pin second = f.inState(first.withAllocations(List.of(OTHER, TestValues.peer(3))));

    f.tracker.track(second, first);

    assertThat(f.ipfs.unpinCalls.get()).isZero();
  }

  @Test
  void track_remotePinReplacingOneAllocatedHere_isUnpinned() {
    Pin here = f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);

    f.tracker.track(f.inState(here.withAllocations(List.of(OTHER))), here);

    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
    assertThat(f.status(1)).isEqualTo(TrackerStatus.REMOTE);
  }

  @Test
  void track_remotePinReplacingOnePinnedEverywhere_isUnpinned() {
    Pin everywhere =
        f.inState(Pin.of(cid(1)).withOptions(PinOptions.defaults().withReplication(-1, -1)));
    f.tracker.track(everywhere, null);
    f.awaitStatus(1, TrackerStatus.PINNED);

    f.tracker.track(f.elsewhere(1), everywhere);

    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
  }

  @Test
  void track_remotePinWhileItsPinIsQueued_cancelsThePinAndUnpins() {
    f.ipfs.holdPins();
    f.trackHere(1); // taken by the only worker, held
    Pin second = f.trackHere(2); // queued behind it
    Pin elsewhere = f.inState(second.withAllocations(List.of(OTHER)));
    Pin remoteBefore = elsewhere.withAllocations(List.of(TestValues.peer(3)));

    f.tracker.track(elsewhere, remoteBefore); // as if the hook missed the version allocated here
    f.ipfs.releasePins();
    f.awaitStatus(1, TrackerStatus.PINNED);

    assertThat(f.ipfs.unpinCalls.get()).isEqualTo(1);
    assertThat(f.ipfs.isPinned(cid(2))).isFalse();
    assertThat(f.status(2)).isEqualTo(TrackerStatus.REMOTE);
  }

  @Test
  void track_remotePinAfterAFailedRemoteUnpin_unpinsAgain() {
    Pin here = f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);
    f.ipfs.setDown(true);
    Pin moved = f.inState(here.withAllocations(List.of(OTHER)));
    f.tracker.track(moved, here);
    assertThat(f.tracker.status(cid(1)).peerStatus().error()).isEqualTo(FakeIpfs.DOWN);
    f.ipfs.setDown(false);

    f.tracker.track(f.inState(moved.withAllocations(List.of(TestValues.peer(3)))), moved);

    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
    assertThat(f.tracker.status(cid(1)).peerStatus().error()).isEmpty();
  }
}

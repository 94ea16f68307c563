package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recover, recover-all, the periodic loops, IPFS going down and coming back, and close. */
@Timeout(30)
class TrackerRecoverTest {
  private static final Duration RECOVER_EVERY = Duration.ofMinutes(12);
  private static final Duration SYNC_EVERY = Duration.ofMinutes(5);

  private final TrackerFixture f = new TrackerFixture(TrackerFixture.config(100, 2));

  @AfterEach
  void close() {
    f.close();
  }

  private List<PinInfo> recoverAll() {
    try (Stream<PinInfo> s = f.tracker.recoverAll()) {
      return s.toList();
    }
  }

  @Test
  void ipfsDown_pinsEndInPinErrorAndRecoverAllPinsThemOnceItIsBack() {
    f.ipfs.setDown(true);
    IntStream.range(0, 5).forEach(f::trackHere);

    IntStream.range(0, 5).forEach(i -> f.awaitStatus(i, TrackerStatus.PIN_ERROR));
    assertThat(f.tracker.status(cid(0)).peerStatus().error()).isEqualTo(FakeIpfs.DOWN);
    f.trackHere(5); // the tracker keeps accepting work
    f.awaitStatus(5, TrackerStatus.PIN_ERROR);

    f.ipfs.setDown(false);
    List<PinInfo> requeued = recoverAll();

    assertThat(requeued)
        .extracting(PinInfo::cid)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 6).mapToObj(TestValues::cid).toList());
    assertThat(requeued)
        .extracting(PinInfo::status)
        .allMatch(
            s ->
                s == TrackerStatus.PIN_QUEUED
                    || s == TrackerStatus.PINNING
                    || s == TrackerStatus.PINNED);
    IntStream.range(0, 6).forEach(i -> f.awaitStatus(i, TrackerStatus.PINNED));
    assertThat(f.tracker.status(cid(0)).peerStatus().error()).isEmpty();
  }

  @Test
  void recover_pinError_requeuesWithTheAttemptCountCarried() {
    f.ipfs.setDown(true);
    f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PIN_ERROR);
    f.ipfs.setDown(false);
    f.ipfs.holdPins();

    PinInfo info = f.tracker.recover(cid(1));

    assertThat(info.status()).isIn(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
    assertThat(f.tracker.status(cid(1)).peerStatus().attemptCount()).isEqualTo(2);
    f.ipfs.releasePins();
    f.awaitStatus(1, TrackerStatus.PINNED);
  }

  @Test
  void recover_unexpectedlyUnpinned_pinsIt() {
    f.here(1);
    assertThat(f.status(1)).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);

    f.tracker.recover(cid(1));

    f.awaitStatus(1, TrackerStatus.PINNED);
    assertThat(f.ipfs.isPinned(cid(1))).isTrue();
  }

  @Test
  void recover_unpinError_unpinsIt() {
    f.ipfs.pinDirectly(cid(1), IpfsPinStatus.RECURSIVE);
    f.ipfs.setDown(true);
    f.tracker.untrack(cid(1));
    f.awaitStatus(1, TrackerStatus.UNPIN_ERROR);
    f.ipfs.setDown(false);

    f.tracker.recover(cid(1));

    f.awaitStatus(1, TrackerStatus.UNPINNED);
    assertThat(f.ipfs.isPinned(cid(1))).isFalse();
  }

  @Test
  void recover_pinnedOrRemote_changesNothing() {
    f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);
    f.tracker.track(f.elsewhere(2));

    assertThat(f.tracker.recover(cid(1)).status()).isEqualTo(TrackerStatus.PINNED);
    assertThat(f.tracker.recover(cid(2)).status()).isEqualTo(TrackerStatus.REMOTE);
    assertThat(f.tracker.recover(cid(3)).status()).isEqualTo(TrackerStatus.UNPINNED);
    assertThat(f.ipfs.pinCalls.get()).isEqualTo(1);
  }

  @Test
  void recoverAll_streamsOnlyWhatItRequeued_includingUnpinsOutsideTheState() {
    f.trackHere(1);
    f.awaitStatus(1, TrackerStatus.PINNED);
    f.tracker.track(f.elsewhere(2));
    f.here(3); // unexpectedly unpinned
    f.ipfs.failPins(cid(4), "failed");
    f.trackHere(4);
    f.awaitStatus(4, TrackerStatus.PIN_ERROR);
    f.ipfs.setDown(true);
    f.tracker.untrack(cid(5));
    f.awaitStatus(5, TrackerStatus.UNPIN_ERROR);
    f.ipfs.setDown(false);
    f.ipfs.holdPins();
    f.ipfs.holdUnpins();

    List<PinInfo> requeued = recoverAll();

    assertThat(requeued)
        .extracting(PinInfo::cid)
        .as("in CID byte order, the unpin outside the state among the state's pins")
        .containsExactlyElementsOf(Stream.of(cid(3), cid(4), cid(5)).sorted().toList());
    f.ipfs.releasePins();
    f.ipfs.releaseUnpins();
    f.awaitStatus(3, TrackerStatus.PINNED);
    f.awaitStatus(5, TrackerStatus.UNPINNED);
    f.awaitStatus(4, TrackerStatus.PIN_ERROR);
    assertThat(recoverAll()).extracting(PinInfo::cid).containsExactly(cid(4));
  }

  @Test
  void recoverAll_failedUnpinsAndStatePins_streamedInCidByteOrderEachOnce() {
    f.ipfs.setDown(true);
    IntStream.range(0, 6).forEach(i -> f.tracker.untrack(cid(i))); // outside the state
    IntStream.range(0, 6).forEach(i -> f.awaitStatus(i, TrackerStatus.UNPIN_ERROR));
    f.ipfs.setDown(false);
    IntStream.range(6, 12).forEach(f::here); // unexpectedly unpinned
    f.ipfs.holdPins();
    f.ipfs.holdUnpins();

    List<Cid> requeued = recoverAll().stream().map(PinInfo::cid).toList();

    assertThat(requeued)
        .containsExactlyElementsOf(
            IntStream.range(0, 12).mapToObj(TestValues::cid).sorted().toList());
    f.ipfs.releasePins();
    f.ipfs.releaseUnpins();
  }

  @Test
  void loops_recoverAtStartAndEveryIntervalAndSyncEveryInterval() {
    ManualScheduler scheduler = new ManualScheduler(f.clock);
    AtomicInteger syncs = new AtomicInteger();
    f.here(1); // unexpectedly unpinned: the first recover pins it

    f.tracker.startLoops(scheduler, RECOVER_EVERY, SYNC_EVERY, syncs::incrementAndGet);
    scheduler.runDue();

    f.awaitStatus(1, TrackerStatus.PINNED);
    assertThat(syncs.get()).isZero();
    f.ipfs.setDown(true);
    f.trackHere(2);
    f.awaitStatus(2, TrackerStatus.PIN_ERROR);
    f.ipfs.setDown(false);

    scheduler.advance(SYNC_EVERY);
    assertThat(syncs.get()).isEqualTo(1);
    assertThat(f.status(2)).as("not yet recovered").isEqualTo(TrackerStatus.PIN_ERROR);

    scheduler.advance(RECOVER_EVERY.minus(SYNC_EVERY));
    f.awaitStatus(2, TrackerStatus.PINNED);
    assertThat(syncs.get()).isEqualTo(2);
  }

  @Test
  void loops_surviveFailures() {
    ManualScheduler scheduler = new ManualScheduler(f.clock);
    AtomicInteger syncs = new AtomicInteger();
    f.ipfs.setDown(true); // recover-all fails: no IPFS listing

    f.tracker.startLoops(
        scheduler,
        RECOVER_EVERY,
        SYNC_EVERY,
        () -> {
          syncs.incrementAndGet();
          throw new IllegalStateException("expiry failed");
        });
    scheduler.advance(Duration.ofMinutes(30));

    assertThat(syncs.get()).isEqualTo(6);
    assertThat(scheduler.tasks()).allSatisfy(t -> assertThat(t.runs).isPositive());
    assertThat(scheduler.tasks().getFirst().runs).as("recover at 0, 12 and 24 min").isEqualTo(3);
  }

  @Test
  void close_cancelsTheLoopsAndStopsTheWorkers() {
    ManualScheduler scheduler = new ManualScheduler(f.clock);
    AtomicInteger syncs = new AtomicInteger();
    f.tracker.startLoops(scheduler, RECOVER_EVERY, SYNC_EVERY, syncs::incrementAndGet);
    f.ipfs.holdPins();
    f.trackHere(1);
    eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);

    f.tracker.close();
    f.tracker.close(); // idempotent

    assertThat(f.ipfs.interruptedCalls.get()).as("the running IPFS call").isEqualTo(1);
    assertThat(scheduler.tasks()).allMatch(ManualScheduler.Task::isCancelled);
    scheduler.advance(Duration.ofHours(1));
    assertThat(syncs.get()).isZero();
    assertThatThrownBy(() -> f.trackHere(2)).isInstanceOf(IllegalStateException.class);
    assertThat(f.ipfs.pinCalls.get()).isEqualTo(1);
  }

  @Test
  void startLoops_twice_isRefused() {
    ManualScheduler scheduler = new ManualScheduler(f.clock);
    f.tracker.startLoops(scheduler, RECOVER_EVERY, SYNC_EVERY, () -> {});

    assertThatThrownBy(() -> f.tracker.startLoops(scheduler, RECOVER_EVERY, SYNC_EVERY, () -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void statusAll_afterRecover_hasNoErrorsLeft() {
    f.ipfs.setDown(true);
    IntStream.range(0, 3).forEach(f::trackHere);
    IntStream.range(0, 3).forEach(i -> f.awaitStatus(i, TrackerStatus.PIN_ERROR));
    f.ipfs.setDown(false);

    recoverAll();

    IntStream.range(0, 3).forEach(i -> f.awaitStatus(i, TrackerStatus.PINNED));
    try (Stream<PinInfo> errors = f.tracker.statusAll(StatusFilter.ERROR)) {
      assertThat(errors).isEmpty();
    }
  }
}

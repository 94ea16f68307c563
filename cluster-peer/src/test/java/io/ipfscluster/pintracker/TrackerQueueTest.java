package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.StatelessTrackerConfig;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded queues, their workers, priority and attempt counting. */
@Timeout(30)
class TrackerQueueTest {

  @Test
  void track_pinQueueFull_throwsTheSpecsErrorAndKeepsTheOthers() {
    try (TrackerFixture f = new TrackerFixture(TrackerFixture.config(2, 1))) {
      f.ipfs.holdPins();
      f.trackHere(1);
      eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
      f.trackHere(2);
      f.trackHere(3);

      assertThatThrownBy(() -> f.trackHere(4))
          .isInstanceOfSatisfying(
              OperationQueueFullException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ClusterException.Kind.FAILED);
                assertThat(e.setting()).isEqualTo("pin_tracker.stateless.max_pin_queue_size");
                assertThat(e.limit()).isEqualTo(2);
              })
          .hasMessage("pin/unpin operation queue is full. Try increasing max_pin_queue_size");

      PinInfo rejected = f.tracker.status(cid(4));
      assertThat(rejected.status()).isEqualTo(TrackerStatus.PIN_ERROR);
      assertThat(rejected.peerStatus().error()).isEqualTo(OperationQueueFullException.MESSAGE);
      assertThat(f.state.has(cid(4))).as("the tracker never touches the state").isTrue();
      assertThat(f.tracker.pinQueueSize()).isEqualTo(2);

      f.ipfs.releasePins();
      f.awaitStatus(3, TrackerStatus.PINNED);
      f.tracker.recover(cid(4));
      f.awaitStatus(4, TrackerStatus.PINNED);
      assertThat(f.status(1)).isEqualTo(TrackerStatus.PINNED);
      assertThat(f.status(2)).isEqualTo(TrackerStatus.PINNED);
    }
  }

  @Test
  void untrack_unpinQueueFull_throwsAndLeavesUnpinError() {
    try (TrackerFixture f = new TrackerFixture(TrackerFixture.config(1, 1))) {
      f.ipfs.holdUnpins();
      f.tracker.untrack(cid(1));
      eventually().until(() -> f.ipfs.unpinsInFlight.get() == 1);
      f.tracker.untrack(cid(2));

      assertThatThrownBy(() -> f.tracker.untrack(cid(3)))
          .isInstanceOf(OperationQueueFullException.class);

      assertThat(f.status(3)).isEqualTo(TrackerStatus.UNPIN_ERROR);
      f.ipfs.releaseUnpins();
      f.awaitStatus(2, TrackerStatus.UNPINNED);
      f.tracker.recover(cid(3));
      f.awaitStatus(3, TrackerStatus.UNPINNED);
    }
  }

  @Test
  void pinWorkers_takePriorityPinsBeforeOldOnes() {
    try (TrackerFixture f = new TrackerFixture(TrackerFixture.config(10, 1))) {
      f.ipfs.holdPins();
      f.trackHere(1);
      eventually().until(() -> f.ipfs.pinsInFlight.get() == 1);
      f.clock.advance(Duration.ofHours(25));
      // Pins 1..3 were stamped 25 h ago: older than priority_pin_max_age.
      f.tracker.track(f.state.get(cid(1)).orElseThrow().withCid(cid(2)));
      f.tracker.track(f.state.get(cid(1)).orElseThrow().withCid(cid(3)));
      f.trackHere(4); // new: priority

      assertThat(f.tracker.status(cid(2)).peerStatus().priorityPin()).isFalse();
      assertThat(f.tracker.status(cid(4)).peerStatus().priorityPin()).isTrue();
      f.ipfs.releasePins();

      eventually().until(() -> f.ipfs.pinStarts.size() == 4);
      assertThat(f.ipfs.pinStarts).containsExactly(cid(1), cid(4), cid(2), cid(3));
    }
  }

  @Test
  void priority_isLostAfterPriorityPinMaxRetries() {
    StatelessTrackerConfig oneRetry = new StatelessTrackerConfig(10, 1, Duration.ofHours(24), 1);
    try (TrackerFixture f = new TrackerFixture(oneRetry)) {
      f.ipfs.failPins(cid(1), "failed");
      f.trackHere(1);
      f.awaitStatus(1, TrackerStatus.PIN_ERROR);
      assertThat(f.tracker.status(cid(1)).peerStatus().priorityPin()).isTrue();

      f.tracker.recover(cid(1)); // attempts carried: 1 ≤ 1, still priority
      eventually().until(() -> f.tracker.status(cid(1)).peerStatus().attemptCount() == 2);
      f.awaitStatus(1, TrackerStatus.PIN_ERROR);
      assertThat(f.tracker.status(cid(1)).peerStatus().priorityPin()).isTrue();

      f.tracker.recover(cid(1)); // 2 > 1: normal queue
      eventually().until(() -> f.tracker.status(cid(1)).peerStatus().attemptCount() == 3);
      f.awaitStatus(1, TrackerStatus.PIN_ERROR);
      assertThat(f.tracker.status(cid(1)).peerStatus().priorityPin()).isFalse();
    }
  }

  @Test
  void manyPins_allEndPinnedWithAtMostConcurrentPinsInFlight() {
    try (TrackerFixture f = new TrackerFixture(TrackerFixture.config(1000, 4))) {
      f.ipfs.holdPins();
      IntStream.range(0, 200).forEach(f::trackHere);

      eventually().until(() -> f.ipfs.pinsInFlight.get() == 4);
      assertThat(f.tracker.pinQueueSize()).isEqualTo(196);
      f.ipfs.releasePins();

      eventually().until(() -> f.ipfs.pinned.size() == 200);
      IntStream.range(0, 200).forEach(i -> f.awaitStatus(i, TrackerStatus.PINNED));
      assertThat(f.ipfs.maxPinsInFlight.get()).isEqualTo(4);
      assertThat(f.tracker.pinQueueSize()).isZero();
      assertThat(f.ipfs.pinCalls.get()).isEqualTo(200);
    }
  }

  @Test
  void concurrentCallers_trackingTheSamePins_pinEachOnceAndEndPinned() throws Exception {
    try (TrackerFixture f = new TrackerFixture(TrackerFixture.config(1000, 3))) {
      IntStream.range(0, 100).forEach(f::here);
      f.ipfs.holdPins();
      Thread[] callers = new Thread[4];
      for (int t = 0; t < callers.length; t++) {
        callers[t] =
            Thread.ofVirtual()
                .start(
                    () ->
                        IntStream.range(0, 100)
                            .forEach(i -> f.tracker.track(f.state.get(cid(i)).orElseThrow())));
      }
      for (Thread t : callers) {
        t.join(Duration.ofSeconds(10));
      }
      f.ipfs.releasePins();

      IntStream.range(0, 100).forEach(i -> f.awaitStatus(i, TrackerStatus.PINNED));
      assertThat(f.ipfs.maxPinsInFlight.get()).isLessThanOrEqualTo(3);
    }
  }
}

package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.testing.ManualClock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One operation per CID: replacement, cancellation, attempts and the queued-pin count. */
@Timeout(10)
class OperationTrackerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final OperationTracker ops = new OperationTracker(clock);

  @Test
  void trackNew_sameTypeWhileLive_updatesThePinAndReturnsNull() {
    Operation first = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    Pin renamed = Pin.of(cid(1), PinOptions.defaults().withName("renamed"));

    assertThat(ops.trackNew(renamed, OpType.PIN, Phase.QUEUED)).isNull();

    assertThat(ops.get(cid(1))).isSameAs(first);
    assertThat(first.pin()).isEqualTo(renamed);
    assertThat(first.cancelled()).isFalse();
  }

  @Test
  void trackNew_otherType_cancelsAndReplacesWithoutCarryingAttempts() {
    Operation pin = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    pin.begin(clock.instant());

    Operation unpin = ops.trackNew(Pin.of(cid(1)), OpType.UNPIN, Phase.QUEUED);

    assertThat(pin.cancelled()).isTrue();
    assertThat(ops.get(cid(1))).isSameAs(unpin);
    assertThat(unpin.attempts()).isZero();
    assertThat(unpin.status()).isEqualTo(TrackerStatus.UNPIN_QUEUED);
  }

  @Test
  void trackNew_sameTypeAfterError_replacesCarryingAttempts() {
    Operation failed = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    failed.begin(clock.instant());
    failed.fail("boom", clock.instant());
    assertThat(failed.status()).isEqualTo(TrackerStatus.PIN_ERROR);

    Operation retry = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);

    assertThat(retry).isNotSameAs(failed);
    assertThat(retry.attempts()).isEqualTo(1);
    assertThat(failed.cancelled()).isTrue();
  }

  @Test
  void clean_dropsOnlyTheSameOperation() {
    Operation old = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    Operation current = ops.trackNew(Pin.of(cid(1)), OpType.UNPIN, Phase.QUEUED);

    ops.clean(old);
    assertThat(ops.get(cid(1))).isSameAs(current);
    ops.clean(current);
    assertThat(ops.get(cid(1))).isNull();
  }

  @Test
  void queuedPins_countsLiveQueuedPinOperationsOnly() {
    Operation a = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    ops.trackNew(Pin.of(cid(2)), OpType.PIN, Phase.QUEUED);
    ops.trackNew(Pin.of(cid(3)), OpType.UNPIN, Phase.QUEUED);
    assertThat(ops.queuedPins()).isEqualTo(2);

    a.begin(clock.instant());
    assertThat(ops.queuedPins()).isEqualTo(1);
    ops.trackNew(Pin.of(cid(2)), OpType.UNPIN, Phase.QUEUED); // cancels the queued pin
    assertThat(ops.queuedPins()).isZero();
  }

  @Test
  void cancel_interruptsTheThreadCallingIpfsOnlyDuringTheCall() throws Exception {
    Operation op = ops.trackNew(Pin.of(cid(1)), OpType.PIN, Phase.QUEUED);
    CountDownLatch begun = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  op.begin(clock.instant());
                  begun.countDown();
                  try {
                    new CountDownLatch(1).await(); // a hanging IPFS call
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                  }
                  op.endCall();
                });
    begun.await();

    op.cancel();

    eventually().untilTrue(interrupted);
    worker.join();
    assertThat(op.fail("late", clock.instant())).as("cancelled ops keep quiet").isFalse();
    assertThat(op.begin(clock.instant())).isFalse();
  }

  @Test
  void remoteAndShard_reportTheirStatusInAnyPhase() {
    assertThat(OpType.REMOTE.status(Phase.ERROR)).isEqualTo(TrackerStatus.REMOTE);
    assertThat(OpType.SHARD.status(Phase.DONE)).isEqualTo(TrackerStatus.SHARDED);
    assertThat(OpType.PIN.status(Phase.DONE)).isEqualTo(TrackerStatus.PINNED);
    assertThat(OpType.UNPIN.status(Phase.IN_PROGRESS)).isEqualTo(TrackerStatus.UNPINNING);
  }
}

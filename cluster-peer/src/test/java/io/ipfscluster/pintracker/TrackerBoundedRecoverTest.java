package io.ipfscluster.pintracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The periodic recover over a large pinset its IPFS node lacks: it queues pins as the queues have
 * room, so the operations held stay few, and still pins everything.
 */
@Timeout(120)
class TrackerBoundedRecoverTest {
  private static final int PINS = 200_000;
  private static final int CONCURRENT_PINS = 2;

  private final TrackerFixture f =
      new TrackerFixture(TrackerFixture.config(1_000_000, CONCURRENT_PINS));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void recoverLoop_manyUnpinnedPinsAndSlowIpfs_holdsFewOperationsAndPinsAll() {
    IntStream.range(0, PINS).forEach(f::here);
    int window = f.tracker.recoverWindow();
    assertThat(window).isLessThan(PINS / 10);
    long bound = window + 2L * CONCURRENT_PINS;
    f.ipfs.holdPins(); // a slow node: nothing ends until released
    ManualScheduler scheduler = new ManualScheduler(f.clock);

    f.tracker.startLoops(scheduler, Duration.ofMinutes(12), Duration.ofMinutes(5), () -> {});
    scheduler.runDue();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> f.tracker.pinQueueSize() >= window - CONCURRENT_PINS);
    assertThat(f.tracker.recovering()).as("the walk waits for room").isTrue();
    assertThat(f.tracker.pinQueueSize()).isLessThanOrEqualTo(window);
    assertThat(f.tracker.peakOperations()).isLessThanOrEqualTo(bound);
    Map<TrackerStatus, Long> byStatus;
    try (Stream<PinInfo> all = f.tracker.statusAll(StatusFilter.ALL)) {
      byStatus = all.collect(Collectors.groupingBy(PinInfo::status, Collectors.counting()));
    }
    assertThat(byStatus.get(TrackerStatus.PIN_QUEUED) + byStatus.get(TrackerStatus.PINNING))
        .isBetween((long) window - CONCURRENT_PINS, (long) window + CONCURRENT_PINS);
    assertThat(byStatus.get(TrackerStatus.UNEXPECTEDLY_UNPINNED))
        .as("not queued yet: derived from the state and IPFS")
        .isGreaterThanOrEqualTo(PINS - bound);

    f.ipfs.releasePins();
    await()
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !f.tracker.recovering() && f.tracker.pinQueueSize() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> f.ipfs.pinned.size() == PINS);

    assertThat(f.tracker.peakOperations()).isLessThanOrEqualTo(bound);
    try (Stream<PinInfo> all = f.tracker.statusAll(StatusFilter.ALL)) {
      assertThat(all.filter(i -> i.status() == TrackerStatus.PINNED).count()).isEqualTo(PINS);
    }
  }
}

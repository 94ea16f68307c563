package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code pin_tracker.stateless}: the pin tracker's queue bound and pin concurrency. Pins younger
 * than {@code priority_pin_max_age} that failed fewer than {@code priority_pin_max_retries} times
 * go to the priority queue. {@code max_pin_queue_size} is written only when not 1000000.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} when a value is not
 * positive.
 */
public record StatelessTrackerConfig(
    int maxPinQueueSize,
    int concurrentPins,
    Duration priorityPinMaxAge,
    int priorityPinMaxRetries) {
  static final String KEY = "stateless";
  static final String PATH = "pin_tracker.stateless";
  private static final int DEFAULT_MAX_PIN_QUEUE_SIZE = 1_000_000;

  public StatelessTrackerConfig {
    Require.positive(PATH + ".max_pin_queue_size", maxPinQueueSize);
    Require.positive(PATH + ".concurrent_pins", concurrentPins);
    Require.positive(PATH + ".priority_pin_max_age", priorityPinMaxAge);
    Require.positive(PATH + ".priority_pin_max_retries", priorityPinMaxRetries);
  }

  /** Queue 1000000, 10 concurrent pins, priority for 24h0m0s and 5 retries. */
  public static StatelessTrackerConfig defaults() {
    return new StatelessTrackerConfig(DEFAULT_MAX_PIN_QUEUE_SIZE, 10, Duration.ofHours(24), 5);
  }

  static StatelessTrackerConfig read(SectionReader r) {
    StatelessTrackerConfig d = defaults();
    return new StatelessTrackerConfig(
        r.count("max_pin_queue_size", d.maxPinQueueSize),
        r.count("concurrent_pins", d.concurrentPins),
        r.duration("priority_pin_max_age", d.priorityPinMaxAge),
        r.count("priority_pin_max_retries", d.priorityPinMaxRetries));
  }

  void write(SectionWriter w) {
    if (maxPinQueueSize != DEFAULT_MAX_PIN_QUEUE_SIZE) {
      w.put("max_pin_queue_size", maxPinQueueSize);
    }
    w.put("concurrent_pins", concurrentPins)
        .put("priority_pin_max_age", priorityPinMaxAge)
        .put("priority_pin_max_retries", priorityPinMaxRetries);
  }
}

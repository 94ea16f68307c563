package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code consensus.crdt.batching}: how many updates one CRDT delta may group and for how long a
 * batch may wait. Batching is on only when both {@code max_batch_size} and {@code max_batch_age}
 * are above 0. {@code max_queue_size} (hidden: written only when not 50000) bounds the updates
 * waiting for a batch.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for negative values
 * and a queue size that is not positive.
 */
public record CrdtBatchingConfig(int maxBatchSize, Duration maxBatchAge, int maxQueueSize) {
  static final String PATH = "consensus.crdt.batching";
  static final int DEFAULT_MAX_QUEUE_SIZE = 50_000;

  public CrdtBatchingConfig {
    Require.notNegative(PATH + ".max_batch_size", maxBatchSize);
    Require.notNegative(PATH + ".max_batch_age", maxBatchAge);
    Require.positive(PATH + ".max_queue_size", maxQueueSize);
  }

  /** No batching; a queue of 50000. */
  public static CrdtBatchingConfig defaults() {
    return new CrdtBatchingConfig(0, Duration.ZERO, DEFAULT_MAX_QUEUE_SIZE);
  }

  /** Whether updates are batched at all. */
  public boolean enabled() {
    return maxBatchSize > 0 && maxBatchAge.isPositive();
  }

  static CrdtBatchingConfig read(SectionReader r) {
    CrdtBatchingConfig d = defaults();
    return new CrdtBatchingConfig(
        r.integer("max_batch_size", d.maxBatchSize),
        r.duration("max_batch_age", d.maxBatchAge),
        r.count("max_queue_size", d.maxQueueSize));
  }

  void write(SectionWriter w) {
    w.put("max_batch_size", maxBatchSize).put("max_batch_age", maxBatchAge);
    if (maxQueueSize != DEFAULT_MAX_QUEUE_SIZE) {
      w.put("max_queue_size", maxQueueSize);
    }
  }
}

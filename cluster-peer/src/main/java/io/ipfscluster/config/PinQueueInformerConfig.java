package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code informer.pinqueue}: the informer that reports how many pins wait in this peer's queue,
 * counted in buckets of {@code weight_bucket_size} pins so small differences do not reorder peers.
 * It runs only when its section is in the file.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for a TTL that is
 * not positive or a negative bucket size.
 */
public record PinQueueInformerConfig(Duration metricTtl, int weightBucketSize) {
  static final String KEY = "pinqueue";
  static final String PATH = "informer.pinqueue";

  public PinQueueInformerConfig {
    Require.positive(PATH + ".metric_ttl", metricTtl);
    Require.notNegative(PATH + ".weight_bucket_size", weightBucketSize);
  }

  /** Buckets of 100000 pins, valid for 30s. */
  public static PinQueueInformerConfig defaults() {
    return new PinQueueInformerConfig(Duration.ofSeconds(30), 100_000);
  }

  static PinQueueInformerConfig read(SectionReader r) {
    PinQueueInformerConfig d = defaults();
    return new PinQueueInformerConfig(
        r.duration("metric_ttl", d.metricTtl), r.integer("weight_bucket_size", d.weightBucketSize));
  }

  void write(SectionWriter w) {
    w.put("metric_ttl", metricTtl).put("weight_bucket_size", weightBucketSize);
  }
}

package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code informer.disk}: the informer that reports the IPFS repository's free space ({@code
 * "freespace"}) or size ({@code "reposize"}), with metrics valid for {@code metric_ttl}. It runs
 * only when its section is in the file.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for a TTL that is
 * not positive or an unknown metric type.
 */
public record DiskInformerConfig(Duration metricTtl, String metricType) {
  static final String KEY = "disk";
  static final String PATH = "informer.disk";

  public DiskInformerConfig {
    Require.positive(PATH + ".metric_ttl", metricTtl);
    Require.that(
        metricType.equals("freespace") || metricType.equals("reposize"),
        PATH + ".metric_type",
        "must be \"freespace\" or \"reposize\"",
        metricType);
  }

  /** Free space, valid for 30s. */
  public static DiskInformerConfig defaults() {
    return new DiskInformerConfig(Duration.ofSeconds(30), "freespace");
  }

  static DiskInformerConfig read(SectionReader r) {
    DiskInformerConfig d = defaults();
    return new DiskInformerConfig(
        r.duration("metric_ttl", d.metricTtl), r.string("metric_type", d.metricType));
  }

  void write(SectionWriter w) {
    w.put("metric_ttl", metricTtl).put("metric_type", metricType);
  }
}

package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code informer.numpin}: the informer that reports how many pins the IPFS node holds. The
 * original accepts the section but never starts it; here it runs only when its section is in the
 * file, and {@code init} does not write it.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for a TTL that is
 * not positive.
 */
public record NumPinInformerConfig(Duration metricTtl) {
  static final String KEY = "numpin";
  static final String PATH = "informer.numpin";

  public NumPinInformerConfig {
    Require.positive(PATH + ".metric_ttl", metricTtl);
  }

  /** Valid for 10s. */
  public static NumPinInformerConfig defaults() {
    return new NumPinInformerConfig(Duration.ofSeconds(10));
  }

  static NumPinInformerConfig read(SectionReader r) {
    return new NumPinInformerConfig(r.duration("metric_ttl", defaults().metricTtl));
  }

  void write(SectionWriter w) {
    w.put("metric_ttl", metricTtl);
  }
}

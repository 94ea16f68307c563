package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code observations.metrics}: the Prometheus endpoint, served when {@code enable_stats} is true
 * (or the daemon runs with {@code --stats}).
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for an invalid
 * endpoint, or a reporting interval that is not positive while stats are enabled.
 */
public record MetricsConfig(
    boolean enableStats, String prometheusEndpoint, Duration reportingInterval) {
  static final String KEY = "metrics";
  static final String PATH = "observations.metrics";

  public MetricsConfig {
    Require.multiaddr(PATH + ".prometheus_endpoint", prometheusEndpoint);
    Require.notNegative(PATH + ".reporting_interval", reportingInterval);
    if (enableStats) {
      Require.positive(PATH + ".reporting_interval", reportingInterval);
    }
  }

  /** Disabled; {@code /ip4/127.0.0.1/tcp/8888}, every 30s. */
  public static MetricsConfig defaults() {
    return new MetricsConfig(false, "/ip4/127.0.0.1/tcp/8888", Duration.ofSeconds(30));
  }

  static MetricsConfig read(SectionReader r) {
    MetricsConfig d = defaults();
    return new MetricsConfig(
        r.bool("enable_stats", d.enableStats),
        r.string("prometheus_endpoint", d.prometheusEndpoint),
        r.duration("reporting_interval", d.reportingInterval));
  }

  void write(SectionWriter w) {
    w.put("enable_stats", enableStats)
        .put("prometheus_endpoint", prometheusEndpoint)
        .put("reporting_interval", reportingInterval);
  }
}

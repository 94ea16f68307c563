package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code monitor.pubsubmon}: how often the peer monitor checks received metrics for expiry.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} when the interval is
 * not positive.
 */
public record PubSubMonitorConfig(Duration checkInterval) {
  static final String KEY = "pubsubmon";
  static final String PATH = "monitor.pubsubmon";

  public PubSubMonitorConfig {
    Require.positive(PATH + ".check_interval", checkInterval);
  }

  /** Checks every 15s. */
  public static PubSubMonitorConfig defaults() {
    return new PubSubMonitorConfig(Duration.ofSeconds(15));
  }

  static PubSubMonitorConfig read(SectionReader r) {
    return new PubSubMonitorConfig(r.duration("check_interval", defaults().checkInterval));
  }

  void write(SectionWriter w) {
    w.put("check_interval", checkInterval);
  }
}

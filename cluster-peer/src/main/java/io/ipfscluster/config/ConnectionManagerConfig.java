package io.ipfscluster.config;

import java.time.Duration;

/**
 * {@code cluster.connection_manager}: how many peer connections the host keeps. Above {@code
 * high_water} connections it trims down to {@code low_water}, sparing connections younger than
 * {@code grace_period}.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>The constructor throws {@link ConfigException} when {@code 0 < low_water <= high_water} or
 * {@code grace_period > 0} does not hold.
 */
public record ConnectionManagerConfig(int highWater, int lowWater, Duration gracePeriod) {
  static final String PATH = "cluster.connection_manager";

  public ConnectionManagerConfig {
    Require.positive(PATH + ".high_water", highWater);
    Require.that(
        lowWater > 0 && lowWater <= highWater,
        PATH + ".low_water",
        "must be > 0 and <= high_water (" + highWater + ")",
        lowWater);
    Require.positive(PATH + ".grace_period", gracePeriod);
  }

  /** high_water 400, low_water 100, grace_period 2m0s. */
  public static ConnectionManagerConfig defaults() {
    return new ConnectionManagerConfig(400, 100, Duration.ofMinutes(2));
  }

  static ConnectionManagerConfig read(SectionReader r) {
    ConnectionManagerConfig d = defaults();
    return new ConnectionManagerConfig(
        r.integer("high_water", d.highWater),
        r.integer("low_water", d.lowWater),
        r.duration("grace_period", d.gracePeriod));
  }

  void write(SectionWriter w) {
    w.put("high_water", highWater).put("low_water", lowWater).put("grace_period", gracePeriod);
  }
}

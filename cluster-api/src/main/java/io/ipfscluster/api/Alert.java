package io.ipfscluster.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A metric that expired without being renewed, which the monitor raises so that the cluster can
 * react (repin what the silent peer held). In JSON the metric's fields come first, then {@code
 * triggered_at}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric the expired metric
 * @param triggeredAt when the alert was raised
 */
public record Alert(Metric metric, Instant triggeredAt) {

  public Alert {
    Objects.requireNonNull(metric, "metric");
    triggeredAt = Objects.requireNonNullElse(triggeredAt, GoTime.ZERO);
  }
}

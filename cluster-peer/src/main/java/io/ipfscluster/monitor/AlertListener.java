package io.ipfscluster.monitor;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;

/**
 * Receives the alerts of a {@link PeerMonitor}: one when a peer's metric expires without being
 * renewed, and the news that an alerted metric is valid again. Implementations must return quickly
 * (queue any slow work, such as re-pinning) and be thread-safe.
 */
@FunctionalInterface
public interface AlertListener {
  /** {@code alert.metric()} expired. Called on the monitor's checking thread. */
  void onAlert(Alert alert);

  /**
   * A valid metric came in for a peer and name that raised an alert since its last valid one (the
   * peer is back). Called on the thread that received the metric. Does nothing by default.
   */
  default void onRecovered(Metric metric) {}
}

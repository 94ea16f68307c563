package io.ipfscluster.monitor;

import io.ipfscluster.api.Alert;

/**
 * Receives the alerts of a {@link PeerMonitor}: one when a peer's metric expires without being
 * renewed. Called on the monitor's checking thread, so implementations must return quickly (queue
 * any slow work, such as re-pinning) and be thread-safe.
 */
@FunctionalInterface
public interface AlertListener {
  void onAlert(Alert alert);
}

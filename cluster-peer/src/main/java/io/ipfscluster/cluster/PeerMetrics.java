package io.ipfscluster.cluster;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import java.util.List;

/**
 * The metrics and alerts a peer shows ({@code GET /monitor/metrics[/{name}]}, {@code GET
 * /health/alerts}): this peer's own ({@link SelfMetrics}) while it is alone, or every peer's, as
 * the peer monitor keeps them. Implementations are thread-safe.
 */
public interface PeerMetrics {
  /** The names of the metrics known, sorted. */
  List<String> metricNames();

  /** The latest valid (not expired) metric named {@code name} of each peer. */
  List<Metric> latest(String name);

  /** The alerts raised, newest first (none by default). */
  default List<Alert> alerts() {
    return List.of();
  }
}

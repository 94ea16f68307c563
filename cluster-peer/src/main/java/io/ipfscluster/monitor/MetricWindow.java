package io.ipfscluster.monitor;

import io.ipfscluster.api.Metric;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The latest metrics of one peer and name, newest first, at most {@code capacity} of them (older
 * ones fall off). Not thread-safe: the {@link MetricStore} guards it.
 */
final class MetricWindow {
  private final int capacity;
  private final ArrayDeque<Metric> metrics;

  MetricWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a metric window holds at least one metric: " + capacity);
    }
    this.capacity = capacity;
    this.metrics = new ArrayDeque<>(capacity);
  }

  void add(Metric m) {
    if (metrics.size() == capacity) {
      metrics.removeLast();
    }
    metrics.addFirst(m);
  }

  /** The newest metric; a window is never empty once created through the store. */
  Metric latest() {
    return metrics.getFirst();
  }

  /** Every metric kept, newest first. */
  List<Metric> all() {
    return List.copyOf(metrics);
  }

  int size() {
    return metrics.size();
  }
}

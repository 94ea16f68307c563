package io.ipfscluster.bench.load;

import java.util.Arrays;

/**
 * Request latencies of one client thread, in nanoseconds, merged at the end for percentiles.
 *
 * <p>Not thread-safe: one per client; {@link #merge} after the clients have stopped.
 */
final class Latencies {
  private long[] nanos = new long[1024];
  private int size;

  void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  int size() {
    return size;
  }

  /** All the latencies of {@code parts}, sorted. */
  static long[] merge(Iterable<Latencies> parts) {
    int total = 0;
    for (Latencies p : parts) {
      total += p.size;
    }
    long[] all = new long[total];
    int at = 0;
    for (Latencies p : parts) {
      System.arraycopy(p.nanos, 0, all, at, p.size);
      at += p.size;
    }
    Arrays.sort(all);
    return all;
  }

  /** The {@code q} quantile (0–1) of sorted latencies, in milliseconds. */
  static double millis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(i, 0)] / 1e6;
  }
}

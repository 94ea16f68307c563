package io.ipfscluster.api;

/**
 * How much traffic one libp2p protocol carried, as {@code GET /health/bandwidth} answers it per
 * protocol ID: {@code {"total_in": …, "total_out": …, "rate_in": …, "rate_out": …}}. Totals are
 * bytes, rates bytes per second.
 *
 * <p>Immutable and thread-safe.
 *
 * @param totalIn bytes received
 * @param totalOut bytes sent
 * @param rateIn recent bytes per second received
 * @param rateOut recent bytes per second sent
 */
public record Bandwidth(long totalIn, long totalOut, double rateIn, double rateOut) {

  public Bandwidth {
    if (totalIn < 0 || totalOut < 0) {
      throw new IllegalArgumentException(
          "bandwidth totals must not be negative, got in=" + totalIn + " out=" + totalOut);
    }
    if (!Double.isFinite(rateIn) || !Double.isFinite(rateOut)) {
      throw new IllegalArgumentException(
          "bandwidth rates must be finite, got in=" + rateIn + " out=" + rateOut);
    }
  }
}

package io.ipfscluster.api;

import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.Objects;

/**
 * A measurement a peer publishes about itself (free space, pin count, ping, tags), which the
 * allocator and the monitor use. The value is opaque text that the allocator interprets.
 *
 * <p>Times are Unix nanoseconds, as on the wire. A metric is discarded when invalid or expired.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name what is measured, for example {@code freespace}
 * @param peer the peer measured, or null when unknown
 * @param value the measurement, as text
 * @param expire when the metric expires, in Unix nanoseconds
 * @param valid whether the measurement succeeded
 * @param weight the value as a number for ordering peers, where the informer sets one
 * @param partitionable whether the allocator may partition peers by this metric's value
 * @param receivedAt when this peer received the metric, in Unix nanoseconds of its own clock
 */
public record Metric(
    String name,
    PeerId peer,
    String value,
    long expire,
    boolean valid,
    long weight,
    boolean partitionable,
    long receivedAt) {

  public Metric {
    name = Objects.requireNonNullElse(name, "");
    value = Objects.requireNonNullElse(value, "");
  }

  /** Whether the metric has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return now.isAfter(toInstant(expire));
  }

  /** Whether the metric should be ignored at {@code now}: invalid or expired. */
  public boolean discardAt(Instant now) {
    return !valid || expiredAt(now);
  }

  /** The expiry time as an instant. */
  public Instant expireInstant() {
    return toInstant(expire);
  }

  /** The time of receipt as an instant. */
  public Instant receivedInstant() {
    return toInstant(receivedAt);
  }

  /**
   * This metric as received at {@code when}.
   *
   * @throws ArithmeticException when {@code when} is outside the years 1678 to 2262
   */
  public Metric withReceivedAt(Instant when) {
    return new Metric(name, peer, value, expire, valid, weight, partitionable, toUnixNanos(when));
  }

  private static Instant toInstant(long unixNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(unixNanos, 1_000_000_000L), Math.floorMod(unixNanos, 1_000_000_000L));
  }

  /** Unix nanoseconds of {@code t}; throws ArithmeticException outside the years 1678-2262. */
  private static long toUnixNanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}

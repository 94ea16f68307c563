package io.ipfscluster.config;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.List;

/**
 * The validation rules the section records apply in their constructors; each failure is a {@link
 * ConfigException} naming the JSON path and the bad value.
 */
final class Require {
  private Require() {}

  static void that(boolean ok, String path, String reason, Object value) {
    if (!ok) {
      throw ConfigException.invalid(path, reason, value);
    }
  }

  static void positive(String path, Duration value) {
    that(value.isPositive(), path, "must be > 0", GoDuration.format(value));
  }

  static void notNegative(String path, Duration value) {
    that(!value.isNegative(), path, "must be >= 0", GoDuration.format(value));
  }

  static void atLeast(String path, Duration min, Duration value) {
    that(
        value.compareTo(min) >= 0,
        path,
        "must be >= " + GoDuration.format(min),
        GoDuration.format(value));
  }

  static void positive(String path, long value) {
    that(value > 0, path, "must be > 0", value);
  }

  static void notNegative(String path, long value) {
    that(value >= 0, path, "must be >= 0", value);
  }

  static void notEmpty(String path, String value) {
    that(!value.isEmpty(), path, "must not be empty", null);
  }

  static void notEmpty(String path, List<?> value) {
    that(!value.isEmpty(), path, "must not be empty", null);
  }

  static void multiaddrs(String path, List<String> values) {
    values.forEach(v -> multiaddr(path, v));
  }

  /** The one place multiaddrs in the configuration are checked. */
  static void multiaddr(String path, String value) {
    try {
      Multiaddr.parse(value);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(path, e.getMessage(), null);
    }
  }

  static void peerIds(String path, List<String> values) {
    for (String v : values) {
      try {
        PeerId.parse(v);
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(path, e.getMessage(), null);
      }
    }
  }
}

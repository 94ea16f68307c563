package io.ipfscluster.api;

import java.time.Duration;
import java.util.Map;

/**
 * A minimal Go {@code time.ParseDuration}, with Go's error messages, for {@code expire-in}.
 *
 * <p>TODO(GoDuration): replace with {@code GoDuration.parse} once it is on main, and delete this.
 */
final class GoDurationParser {
  private static final long NANOS_MAX = Long.MAX_VALUE;
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDurationParser() {}

  /**
   * Parses {@code 1h30m}, {@code 2.5s}, {@code -3ms}, {@code 0}.
   *
   * @throws IllegalArgumentException {@code time: invalid duration "…"}, {@code time: missing unit
   *     in duration "…"} or {@code time: unknown unit "…" in duration "…"}
   */
  static Duration parse(String orig) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      if (!(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
        throw invalid(orig);
      }
      int start = i;
      long whole = 0;
      for (; i < s.length() && isDigit(s.charAt(i)); i++) {
        if (whole > (NANOS_MAX - 9) / 10) {
          throw invalid(orig);
        }
        whole = whole * 10 + (s.charAt(i) - '0');
      }
      boolean pre = i > start;
      long frac = 0;
      double scale = 1;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        int fracStart = ++i;
        boolean overflow = false;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
          if (overflow || frac > (NANOS_MAX - 9) / 10) {
            overflow = true; // Go stops accumulating but keeps consuming digits.
            continue;
          }
          frac = frac * 10 + (s.charAt(i) - '0');
          scale *= 10;
        }
        post = i > fracStart;
      }
      if (!pre && !post) {
        throw invalid(orig);
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
      }
      String unitName = s.substring(unitStart, i);
      Long unit = UNITS.get(unitName);
      if (unit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
      }
      if (whole > NANOS_MAX / unit) {
        throw invalid(orig);
      }
      long v = whole * unit;
      if (frac > 0) {
        v += (long) (frac * (unit / scale));
        if (v < 0) {
          throw invalid(orig);
        }
      }
      total += v;
      if (total < 0) {
        throw invalid(orig);
      }
    }
    return Duration.ofNanos(neg ? -total : total);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("time: invalid duration " + quote(orig));
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}

package io.ipfscluster.cli.ctl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The go-humanize (v1.0.1) formats the original's CLI prints: {@code Bytes} ({@code 12 GB}, {@code
 * 1.2 kB}) and {@code Time} ({@code 25 seconds from now}, {@code 2 minutes ago}).
 *
 * <p>Thread-safe: stateless.
 */
final class Humanize {
  private static final String[] SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;
  private static final long MONTH = 30 * DAY;
  private static final long YEAR = 12 * MONTH;
  private static final long LONG_TIME = 37 * YEAR;

  /**
   * {@code RelTimeMagnitude}: below {@code d}, print {@code format} with the diff / {@code div}.
   */
  private record Magnitude(long d, String format, long div) {}

  private static final Magnitude[] MAGNITUDES = {
    new Magnitude(SECOND, "now", SECOND),
    new Magnitude(2 * SECOND, "1 second %s", 1),
    new Magnitude(MINUTE, "%d seconds %s", SECOND),
    new Magnitude(2 * MINUTE, "1 minute %s", 1),
    new Magnitude(HOUR, "%d minutes %s", MINUTE),
    new Magnitude(2 * HOUR, "1 hour %s", 1),
    new Magnitude(DAY, "%d hours %s", HOUR),
    new Magnitude(2 * DAY, "1 day %s", 1),
    new Magnitude(WEEK, "%d days %s", DAY),
    new Magnitude(2 * WEEK, "1 week %s", 1),
    new Magnitude(MONTH, "%d weeks %s", WEEK),
    new Magnitude(2 * MONTH, "1 month %s", 1),
    new Magnitude(YEAR, "%d months %s", MONTH),
    new Magnitude(18 * MONTH, "1 year %s", 1),
    new Magnitude(2 * YEAR, "2 years %s", 1),
    new Magnitude(LONG_TIME, "%d years %s", YEAR),
    new Magnitude(Long.MAX_VALUE, "a long while %s", 1),
  };

  private Humanize() {}

  /** {@code humanize.Bytes}: SI units, one decimal below 10. */
  static String bytes(long s) {
    if (s < 0) {
      s = Long.MAX_VALUE; // Go converts to uint64; such sizes do not occur
    }
    if (s < 10) {
      return s + " B";
    }
    int e = 0;
    double unit = 1;
    while (e < SIZES.length - 1 && s >= unit * 1000) {
      unit *= 1000;
      e++;
    }
    double val = Math.floor(s / unit * 10 + 0.5) / 10;
    return fixed(val, val < 10 ? 1 : 0) + " " + SIZES[e];
  }

  /** {@code humanize.Time(then)} at {@code now}. */
  static String time(Instant then, Instant now) {
    String label = "ago";
    long diff = nanosBetween(then, now);
    if (then.isAfter(now)) {
      label = "from now";
      diff = nanosBetween(now, then);
    }
    Magnitude mag = MAGNITUDES[MAGNITUDES.length - 1];
    for (Magnitude m : MAGNITUDES) {
      if (m.d() > diff) {
        mag = m;
        break;
      }
    }
    String f = mag.format();
    if (f.contains("%d")) {
      return String.format(f, diff / mag.div(), label);
    }
    return f.contains("%s") ? String.format(f, label) : f;
  }

  /** Go's {@code %.Nf}: the exact binary value rounded half to even. */
  static String fixed(double v, int decimals) {
    return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** {@code b - a} in nanoseconds, saturated as Go's {@code Time.Sub}. */
  private static long nanosBetween(Instant a, Instant b) {
    try {
      return Math.addExact(
          Math.multiplyExact(b.getEpochSecond() - a.getEpochSecond(), SECOND),
          (long) b.getNano() - a.getNano());
    } catch (ArithmeticException e) {
      return b.isAfter(a) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }
}

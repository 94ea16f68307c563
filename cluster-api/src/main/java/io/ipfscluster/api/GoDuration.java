package io.ipfscluster.api;

import java.time.Duration;
import java.util.Map;

/**
 * Go duration strings ({@code "15s"}, {@code "2m0s"}, {@code "1h30m0s"}), parsed exactly like Go's
 * {@code time.ParseDuration} and formatted exactly like Go's {@code Duration.String()}, so that
 * durations in {@code service.json} read and write as the original writes them.
 *
 * <p>Go durations are signed 64-bit nanosecond counts; values outside that range are rejected.
 *
 * <p>Thread-safe: stateless.
 */
public final class GoDuration {
  private static final long NANOS_PER_MICRO = 1_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The units Go accepts; both micro signs (U+00B5 and U+03BC) mean microseconds. */
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", NANOS_PER_MICRO,
          "\u00b5s", NANOS_PER_MICRO,
          "\u03bcs", NANOS_PER_MICRO,
          "ms", NANOS_PER_MILLI,
          "s", NANOS_PER_SECOND,
          "m", 60 * NANOS_PER_SECOND,
          "h", 3600 * NANOS_PER_SECOND);

  /** 1<<63 as an unsigned value: the magnitude bound Go checks against. */
  private static final long TWO_TO_63 = Long.MIN_VALUE;

  private GoDuration() {}

  /**
   * Parses a Go duration string: an optional sign and a sequence of decimal numbers, each with an
   * optional fraction and a unit ({@code ns, us, µs, ms, s, m, h}), for example {@code "300ms"},
   * {@code "-1.5h"} or {@code "2h45m"}. {@code "0"} is the only value accepted without a unit.
   *
   * @throws IllegalArgumentException naming the input, for example {@code invalid duration "1x":
   *     unknown unit "x"}
   */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, null);
    }
    long total = 0; // unsigned, at most 1<<63
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || isDigit(c))) {
        throw invalid(text, null);
      }
      // Integer part: [0-9]*
      int start = i;
      long whole = 0;
      for (; i < s.length() && isDigit(s.charAt(i)); i++) {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, 10)) > 0) {
          throw invalid(text, null);
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(whole, TWO_TO_63) > 0) {
          throw invalid(text, null);
        }
      }
      boolean digitsBefore = i != start;
      // Fraction: (\.[0-9]*)? — digits beyond int64 precision are ignored, as in Go.
      long fraction = 0;
      double scale = 1;
      boolean digitsAfter = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        boolean overflow = false;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
          if (overflow) {
            continue;
          }
          if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0) {
            overflow = true;
            continue;
          }
          long next = fraction * 10 + (s.charAt(i) - '0');
          if (Long.compareUnsigned(next, TWO_TO_63) > 0) {
            overflow = true;
            continue;
          }
          fraction = next;
          scale *= 10;
        }
        digitsAfter = i != fractionStart;
      }
      if (!digitsBefore && !digitsAfter) {
        throw invalid(text, null);
      }
      // Unit: everything up to the next digit or '.'.
      int unitStart = i;
      for (; i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i))); i++) {}
      if (i == unitStart) {
        throw invalid(text, "missing unit");
      }
      String unitText = s.substring(unitStart, i);
      Long unit = UNITS.get(unitText);
      if (unit == null) {
        throw invalid(text, "unknown unit \"" + unitText + "\"");
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_TO_63, unit)) > 0) {
        throw invalid(text, null);
      }
      long value = whole * unit;
      if (fraction != 0) {
        // Go computes this in float64 to be nanosecond-exact for fractions of hours.
        value += (long) (unsignedToDouble(fraction) * ((double) unit / scale));
        if (Long.compareUnsigned(value, TWO_TO_63) > 0) {
          throw invalid(text, null);
        }
      }
      if (Long.compareUnsigned(value, TWO_TO_63 - total) > 0) {
        throw invalid(text, null);
      }
      total += value;
    }
    if (negative) {
      return Duration.ofNanos(-total);
    }
    if (total == TWO_TO_63) {
      throw invalid(text, null);
    }
    return Duration.ofNanos(total);
  }

  /**
   * Formats a duration as Go's {@code Duration.String()} does: {@code "0s"}, {@code "1.5µs"},
   * {@code "200ms"}, {@code "15s"}, {@code "2m0s"}, {@code "1h30m0s"}, {@code "-1m0s"}.
   *
   * @throws IllegalArgumentException if the duration does not fit in 64-bit nanoseconds
   */
  public static String format(Duration duration) {
    long d;
    try {
      d = duration.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "duration " + duration + " does not fit in a Go duration (int64 nanoseconds)", e);
    }
    boolean negative = d < 0;
    long u = negative ? -d : d; // unsigned magnitude; -(1<<63) stays 1<<63
    StringBuilder out = new StringBuilder(24);
    if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
      // Below one second Go switches to smaller units, like 1.2ms.
      if (u == 0) {
        return "0s";
      }
      String unit;
      int precision;
      if (u < NANOS_PER_MICRO) {
        unit = "ns";
        precision = 0;
      } else if (u < NANOS_PER_MILLI) {
        unit = "\u00b5s";
        precision = 3;
      } else {
        unit = "ms";
        precision = 6;
      }
      out.append(unit);
      u = prependFraction(out, u, precision);
      out.insert(0, Long.toUnsignedString(u));
    } else {
      out.append('s');
      u = prependFraction(out, u, 9);
      out.insert(0, Long.remainderUnsigned(u, 60));
      u = Long.divideUnsigned(u, 60);
      if (u > 0) {
        out.insert(0, 'm');
        out.insert(0, u % 60);
        u /= 60;
        // Go stops at hours because days can have different lengths.
        if (u > 0) {
          out.insert(0, 'h');
          out.insert(0, u);
        }
      }
    }
    if (negative) {
      out.insert(0, '-');
    }
    return out.toString();
  }

  /**
   * Prepends the fraction {@code v / 10^precision} (like {@code ".125"}) without trailing zeros,
   * and without the point when the fraction is zero; returns the integer part.
   */
  private static long prependFraction(StringBuilder out, long v, int precision) {
    StringBuilder digits = new StringBuilder(precision);
    boolean print = false;
    for (int i = 0; i < precision; i++) {
      long digit = Long.remainderUnsigned(v, 10);
      print = print || digit != 0;
      if (print) {
        digits.append((char) ('0' + digit));
      }
      v = Long.divideUnsigned(v, 10);
    }
    if (print) {
      out.insert(0, digits.append('.').reverse());
    }
    return v;
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : ((double) ((v >>> 1) | (v & 1))) * 2.0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String detail) {
    return new IllegalArgumentException(
        "invalid duration \"" + text + "\"" + (detail == null ? "" : ": " + detail));
  }
}

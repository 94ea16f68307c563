package io.ipfscluster.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the original writes them in JSON: RFC 3339 with nanoseconds and no trailing zeros
 * ({@code 2024-05-06T10:11:12.5Z}), where Go's zero time {@code 0001-01-01T00:00:00Z} means "not
 * set".
 *
 * <p>Thread-safe: stateless.
 */
public final class GoTime {
  /** Go's zero time, which the original writes for unset times. */
  public static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTime() {}

  /** Whether {@code t} is null or Go's zero time. */
  public static boolean isZero(Instant t) {
    return t == null || t.equals(ZERO);
  }

  /** Formats like Go's {@code time.RFC3339Nano}, in UTC. */
  public static String format(Instant t) {
    if (t == null) {
      t = ZERO;
    }
    StringBuilder sb = new StringBuilder(30);
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      SECONDS.formatTo(t, sb); // outside what Go writes; the ISO form with a sign
    } else {
      // Field by field: this runs for every pin an API answer shows.
      digits(sb, d.getYear(), 4).append('-');
      digits(sb, d.getMonthValue(), 2).append('-');
      digits(sb, d.getDayOfMonth(), 2).append('T');
      digits(sb, d.getHour(), 2).append(':');
      digits(sb, d.getMinute(), 2).append(':');
      digits(sb, d.getSecond(), 2);
    }
    int nanos = t.getNano();
    if (nanos != 0) {
      int width = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        width--;
      }
      digits(sb.append('.'), nanos, width);
    }
    return sb.append('Z').toString();
  }

  /** Appends {@code value} (≥ 0) zero-padded to {@code width} digits. */
  private static StringBuilder digits(StringBuilder sb, int value, int width) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(text);
  }

  /**
   * Parses an RFC 3339 time with any offset and up to nine fraction digits.
   *
   * @throws IllegalArgumentException naming the text when it is not such a time
   */
  public static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid time \"" + text + "\": expected RFC 3339, like 2006-01-02T15:04:05Z", e);
    }
  }

  /** Truncates to whole seconds, the precision of times kept in the pinset state. */
  public static Instant toSeconds(Instant t) {
    return Instant.ofEpochSecond(t.getEpochSecond());
  }
}

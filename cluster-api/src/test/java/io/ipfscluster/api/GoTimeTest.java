package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoTimeTest {

  @Test
  void format_zeroAndNull_isGosZeroTime() {
    assertThat(GoTime.format(GoTime.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(GoTime.format(null)).isEqualTo("0001-01-01T00:00:00Z");
  }

  @Test
  void format_fraction_hasNoTrailingZeros() {
    assertThat(GoTime.format(Instant.parse("2024-05-06T10:11:12.5Z")))
        .isEqualTo("2024-05-06T10:11:12.5Z");
    assertThat(GoTime.format(Instant.parse("2024-05-06T10:11:12.000000001Z")))
        .isEqualTo("2024-05-06T10:11:12.000000001Z");
    assertThat(GoTime.format(Instant.parse("2024-05-06T10:11:12.120Z")))
        .isEqualTo("2024-05-06T10:11:12.12Z");
    assertThat(GoTime.format(Instant.parse("1999-12-31T23:59:59Z")))
        .isEqualTo("1999-12-31T23:59:59Z");
  }

  /** Go's RFC3339Nano by the JDK's formatter: seconds, then the fraction without trailing zeros. */
  private static String reference(Instant t) {
    String seconds =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
    String fraction = String.format(".%09d", t.getNano()).replaceAll("\\.?0+$", "");
    return seconds + fraction + "Z";
  }

  @Test
  void format_randomTimes_matchTheJdkFormatterAndParseBack() {
    Random random = new Random(7);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    long min = GoTime.ZERO.getEpochSecond();
    for (int i = 0; i < 10_000; i++) {
      long seconds = min + Math.floorMod(random.nextLong(), max - min);
      int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
      Instant t = Instant.ofEpochSecond(seconds, nanos);
      String text = GoTime.format(t);
      assertThat(text).isEqualTo(reference(t));
      assertThat(GoTime.parse(text)).isEqualTo(t);
    }
  }

  @Test
  void format_yearAbove9999_usesTheSignedIsoForm() {
    Instant t = Instant.parse("+10000-01-01T00:00:00.25Z");
    assertThat(GoTime.format(t)).isEqualTo(reference(t)).startsWith("+10000-01-01T00:00:00.25");
  }
}

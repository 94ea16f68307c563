package io.ipfscluster.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** go-humanize v1.0.1's Bytes and Time, with cases from its own tests. */
class HumanizeTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0 B",
    "9, 9 B",
    "10, 10 B",
    "999, 999 B",
    "1000, 1.0 kB",
    "1023, 1.0 kB",
    "1234, 1.2 kB",
    "5678901, 5.7 MB",
    "82854982, 83 MB",
    "999999, 1000 kB",
    "1000000, 1.0 MB",
    "12000000000, 12 GB",
    "1250000, 1.3 MB",
    "1350000, 1.4 MB",
    "1000000000000000000, 1.0 EB"
  })
  void bytes(long n, String expected) {
    assertThat(Humanize.bytes(n)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0, now",
    "999, now",
    "1000, 1 second ago",
    "1999, 1 second ago",
    "2000, 2 seconds ago",
    "59999, 59 seconds ago",
    "60000, 1 minute ago",
    "125000, 2 minutes ago",
    "3600000, 1 hour ago",
    "7200000, 2 hours ago",
    "86400000, 1 day ago",
    "172800000, 2 days ago",
    "604800000, 1 week ago",
    "1209600000, 2 weeks ago",
    "2592000000, 1 month ago",
    "5184000000, 2 months ago",
    "31104000000, 1 year ago",
    "46656000000, 2 years ago",
    "62208000000, 2 years ago",
    "93312000000, 3 years ago",
    "1150848000000, a long while ago"
  })
  void time_past(long millisAgo, String expected) {
    Instant now = Instant.parse("2024-05-06T10:00:00Z");

    assertThat(Humanize.time(now.minus(Duration.ofMillis(millisAgo)), now)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"25000, 25 seconds from now", "90000, 1 minute from now"})
  void time_future(long millisAhead, String expected) {
    Instant now = Instant.parse("2024-05-06T10:00:00Z");

    assertThat(Humanize.time(now.plus(Duration.ofMillis(millisAhead)), now)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.125, 0.12", "0.375, 0.38", "12.5, 12.50", "2.675, 2.67", "1e-7, 0.00"})
  void fixed_roundsTheBinaryValueHalfEven(double v, String expected) {
    assertThat(Humanize.fixed(v, 2)).isEqualTo(expected);
  }
}

package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from Go's {@code time} package tests (parseDurationTests, durationTests). */
class GoDurationTest {
  private static final long NS = 1;
  private static final long US = 1_000;
  private static final long MS = 1_000_000;
  private static final long S = 1_000_000_000;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  static Stream<Arguments> parseVectors() {
    return Stream.of(
        // simple
        Arguments.of("0", 0L),
        Arguments.of("5s", 5 * S),
        Arguments.of("30s", 30 * S),
        Arguments.of("1478s", 1478 * S),
        // sign
        Arguments.of("-5s", -5 * S),
        Arguments.of("+5s", 5 * S),
        Arguments.of("-0", 0L),
        Arguments.of("+0", 0L),
        // decimal
        Arguments.of("5.0s", 5 * S),
        Arguments.of("5.6s", 5 * S + 600 * MS),
        Arguments.of("5.s", 5 * S),
        Arguments.of(".5s", 500 * MS),
        Arguments.of("1.0s", 1 * S),
        Arguments.of("1.00s", 1 * S),
        Arguments.of("1.004s", 1 * S + 4 * MS),
        Arguments.of("1.0040s", 1 * S + 4 * MS),
        Arguments.of("100.00100s", 100 * S + 1 * MS),
        // different units
        Arguments.of("10ns", 10 * NS),
        Arguments.of("11us", 11 * US),
        Arguments.of("12\u00b5s", 12 * US),
        Arguments.of("12\u03bcs", 12 * US),
        Arguments.of("13ms", 13 * MS),
        Arguments.of("14s", 14 * S),
        Arguments.of("15m", 15 * M),
        Arguments.of("16h", 16 * H),
        // composite durations
        Arguments.of("3h30m", 3 * H + 30 * M),
        Arguments.of("10.5s4m", 4 * M + 10 * S + 500 * MS),
        Arguments.of("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
        Arguments.of("1h2m3s4ms5us6ns", 1 * H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS),
        Arguments.of("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
        // large value
        Arguments.of("52763797000ns", 52763797000L * NS),
        // more than 9 digits after decimal point, see https://golang.org/issue/6617
        Arguments.of("0.3333333333333333333h", 20 * M),
        // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64
        Arguments.of("9007199254740993ns", (1L << 53) + 1),
        // largest duration that can be represented by int64 in nanoseconds
        Arguments.of("9223372036854775807ns", Long.MAX_VALUE),
        Arguments.of("9223372036854775.807us", Long.MAX_VALUE),
        Arguments.of("9223372036s854ms775us807ns", Long.MAX_VALUE),
        Arguments.of("-9223372036854775808ns", Long.MIN_VALUE),
        Arguments.of("-9223372036854775.808us", Long.MIN_VALUE),
        Arguments.of("-9223372036s854ms775us808ns", Long.MIN_VALUE),
        // largest negative round trip value, see https://golang.org/issue/48629
        Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE),
        // huge string; issue 15011.
        Arguments.of("0.100000000000000000000h", 6 * M),
        // This value tests the first overflow check in leadingFraction.
        Arguments.of("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS),
        // values the configuration uses
        Arguments.of("15s", 15 * S),
        Arguments.of("2m0s", 2 * M),
        Arguments.of("1h0m0s", H),
        Arguments.of("0s", 0L),
        Arguments.of("200ms", 200 * MS),
        Arguments.of("1.5h", 90 * M),
        Arguments.of("300us", 300 * US),
        Arguments.of("1\u00b5s", 1 * US),
        Arguments.of("-1m", -M),
        Arguments.of("2h45m", 2 * H + 45 * M));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("parseVectors")
  void parse_goVector_givesGoValue(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "3",
        "1",
        "-",
        "s",
        "h",
        ".",
        "-.",
        ".s",
        "+.s",
        "1d",
        "1x",
        "\u0085\u0085",
        "\u00ffff",
        "hello \u00ffff world",
        "\ufffd",
        "\ufffd hello \ufffd world",
        " 1s",
        "1s ",
        "1 s",
        // overflow
        "9223372036854775810ns",
        "9223372036854775808ns",
        "-9223372036854775809ns",
        "9223372036854776us",
        "3000000h",
        "9223372036854775.808us",
        "9223372036854ms775us808ns"
      })
  void parse_invalid_isRejectedNamingTheInput(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration \"" + text + "\"");
  }

  @Test
  void parse_errors_sayWhatIsWrong() {
    assertThatThrownBy(() -> GoDuration.parse("1x"))
        .hasMessage("invalid duration \"1x\": unknown unit \"x\"");
    assertThatThrownBy(() -> GoDuration.parse("1"))
        .hasMessage("invalid duration \"1\": missing unit");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("invalid duration \"\"");
  }

  static Stream<Arguments> formatVectors() {
    return Stream.of(
        Arguments.of("0s", 0L),
        Arguments.of("1ns", 1 * NS),
        Arguments.of("1.1\u00b5s", 1100 * NS),
        Arguments.of("2.2ms", 2200 * US),
        Arguments.of("3.3s", 3300 * MS),
        Arguments.of("4m5s", 4 * M + 5 * S),
        Arguments.of("4m5.001s", 4 * M + 5001 * MS),
        Arguments.of("5h6m7.001s", 5 * H + 6 * M + 7001 * MS),
        Arguments.of("8m0.000000001s", 8 * M + 1 * NS),
        Arguments.of("2562047h47m16.854775807s", Long.MAX_VALUE),
        Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE),
        // values the configuration writes
        Arguments.of("2m0s", 2 * M),
        Arguments.of("1h0m0s", H),
        Arguments.of("15s", 15 * S),
        Arguments.of("200ms", 200 * MS),
        Arguments.of("1.5\u00b5s", 1500 * NS),
        Arguments.of("50ms", 50 * MS),
        Arguments.of("1h30m0s", H + 30 * M),
        Arguments.of("24h0m0s", 24 * H),
        Arguments.of("-1m0s", -M),
        Arguments.of("-1ns", -1L),
        Arguments.of("1m0.5s", M + 500 * MS));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("formatVectors")
  void format_goVector_givesGoString(String text, long nanos) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("formatVectors")
  void parse_ofFormatted_roundTrips(String text, long nanos) {
    assertThat(GoDuration.parse(GoDuration.format(Duration.ofNanos(nanos))))
        .isEqualTo(Duration.ofNanos(nanos));
  }

  @Test
  void format_beyondInt64Nanos_isRejected() {
    assertThatThrownBy(() -> GoDuration.format(Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Go duration");
  }
}

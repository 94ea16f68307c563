package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

// TODO(GoDuration): delete with GoDurationParser.
class GoDurationParserTest {
  @Test
  void parse_goDurations_giveTheirLength() {
    assertThat(GoDurationParser.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDurationParser.parse("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(GoDurationParser.parse("+1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurationParser.parse("-250ms")).isEqualTo(Duration.ofMillis(-250));
    assertThat(GoDurationParser.parse("3µs4ns")).isEqualTo(Duration.ofNanos(3004));
    assertThat(GoDurationParser.parse(".5s")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void parse_malformed_failsWithGoMessages() {
    assertThatThrownBy(() -> GoDurationParser.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDurationParser.parse(".s"))
        .hasMessage("time: invalid duration \".s\"");
    assertThatThrownBy(() -> GoDurationParser.parse("1h5"))
        .hasMessage("time: missing unit in duration \"1h5\"");
    assertThatThrownBy(() -> GoDurationParser.parse("9999999999h"))
        .hasMessage("time: invalid duration \"9999999999h\"");
  }
}

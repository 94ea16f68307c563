package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinOptionsQueryTest {
  private static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  private static final String P1 = "QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc";
  private static final String P2 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";
  private static final Instant NOW = Instant.parse("2024-05-06T10:00:00Z");

  private static PinOptions parse(String query) {
    return PinOptionsQuery.parse(QueryString.parse(query), NOW);
  }

  @Test
  void parse_noParameters_isDefaults() {
    assertThat(parse("")).isEqualTo(PinOptions.defaults());
  }

  @Test
  void parse_everyParameter_setsEveryOption() {
    PinOptions o =
        parse(
            "name=my+pin&mode=direct&replication-min=2&replication-max=3&shard-size=1024"
                + "&user-allocations="
                + P1
                + ","
                + P2
                + "&expire-at=2030-01-02T03:04:05.5%2B01:00&meta-color=blue&meta-size=L"
                + "&pin-update="
                + CID
                + "&origins=/ip4/1.2.3.4/tcp/4001/p2p/"
                + P1);

    assertThat(o)
        .isEqualTo(
            new PinOptions(
                2,
                3,
                "my pin",
                PinMode.DIRECT,
                1024,
                List.of(PeerId.parse(P1), PeerId.parse(P2)),
                Instant.parse("2030-01-02T02:04:05.5Z"),
                Map.of("color", "blue", "size", "L"),
                Cid.parse(CID),
                List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + P1))));
  }

  @Test
  void parse_replication_setsBothFactorsOverridingTheOthers() {
    PinOptions o = parse("replication=-1&replication-min=2&replication-max=3");

    assertThat(o.replicationFactorMin()).isEqualTo(-1);
    assertThat(o.replicationFactorMax()).isEqualTo(-1);
  }

  @Test
  void parse_unknownMode_isRecursive() {
    assertThat(parse("mode=sideways").mode()).isEqualTo(PinMode.RECURSIVE);
  }

  @Test
  void parse_undecodablePeers_areDropped() {
    assertThat(parse("user-allocations=nope," + P1 + ",").userAllocations())
        .containsExactly(PeerId.parse(P1));
  }

  @Test
  void parse_metaWithEmptyKey_isIgnored_andFirstValueWins() {
    assertThat(parse("meta-=x&meta-a=1&meta-a=2").metadata()).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void parse_expireIn_countsFromNow() {
    assertThat(parse("expire-in=1h30m").expireAt()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
    assertThat(parse("expire-in=1.5s").expireAt()).isEqualTo(NOW.plusMillis(1500));
  }

  @Test
  void parse_expireAtAndExpireIn_expireAtWins() {
    assertThat(parse("expire-at=2030-01-01T00:00:00Z&expire-in=bogus").expireAt())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "replication-min=x        | parameter replication-min invalid",
        "replication-min=1.5      | parameter replication-min invalid",
        "replication-max=99999999999 | parameter replication-max invalid",
        "replication=two          | parameter replication-min invalid",
        "shard-size=-1            | parameter shard_size is invalid",
        "shard-size=1k            | parameter shard_size is invalid",
        "expire-in=500ms          | expire-in duration too short",
        "expire-in=-1h            | expire-in duration too short",
        "expire-in=abc            | expire-in cannot be parsed: invalid duration \"abc\"",
        "expire-in=5              | expire-in cannot be parsed: invalid duration \"5\": missing unit",
        "expire-in=5d             | expire-in cannot be parsed: invalid duration \"5d\": unknown unit \"d\"",
        "origins=/ip4/1.2.3.4/tcp/4001 | multiaddress does not contain peer ID: protocol not found in multiaddr",
      })
  void parse_badParameter_failsWithTheOriginalMessage(String query, String message) {
    assertThatThrownBy(() -> parse(query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "expire-at=tomorrow       | expire-at cannot be parsed: ",
        "expire-at=2030-01-01     | expire-at cannot be parsed: ",
        "pin-update=Qmnope        | error decoding update option parameter: ",
        "origins=/ip4/300.1.1.1   | error decoding multiaddress: ",
      })
  void parse_undecodableValue_failsWithTheOriginalPrefix(String query, String prefix) {
    assertThatThrownBy(() -> parse(query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(prefix)
        .hasMessageContaining(query.substring(query.indexOf('=') + 1));
  }

  @Test
  void toQueryString_defaults_writesTheAlwaysPresentParameters() {
    assertThat(PinOptionsQuery.toQueryString(PinOptions.defaults()))
        .isEqualTo(
            "mode=recursive&name=&replication-max=0&replication-min=0&shard-size=0"
                + "&user-allocations=");
  }

  @Test
  void toQueryString_fullOptions_writesSortedEscapedParameters() {
    PinOptions o =
        new PinOptions(
            -1,
            -1,
            "a b/c",
            PinMode.DIRECT,
            0,
            List.of(PeerId.parse(P1), PeerId.parse(P2)),
            Instant.parse("2030-01-01T00:00:00.25Z"),
            Map.of("k", "v&w"),
            Cid.parse(CID),
            List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + P1)));

    assertThat(PinOptionsQuery.toQueryString(o))
        .isEqualTo(
            "expire-at=2030-01-01T00%3A00%3A00.25Z&meta-k=v%26w&mode=direct&name=a+b%2Fc"
                + "&origins=%2Fip4%2F1.2.3.4%2Ftcp%2F4001%2Fp2p%2F"
                + P1
                + "&pin-update="
                + CID
                + "&replication-max=-1&replication-min=-1&shard-size=0&user-allocations="
                + P1
                + "%2C"
                + P2);
  }

  @Test
  void toQueryString_thenParse_roundTrips() {
    PinOptions o =
        new PinOptions(
            1,
            4,
            "name with ünïcode & symbols",
            PinMode.RECURSIVE,
            1 << 20,
            List.of(PeerId.parse(P2)),
            Instant.parse("2031-02-03T04:05:06.123456789Z"),
            Map.of("x", "1", "y", "= ?"),
            null,
            List.of());

    assertThat(parse(PinOptionsQuery.toQueryString(o))).isEqualTo(o);
  }
}

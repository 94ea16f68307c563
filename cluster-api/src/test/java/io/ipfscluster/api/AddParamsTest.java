package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddParamsTest {
  private static final Instant NOW = Instant.parse("2024-05-06T10:00:00Z");

  private static AddParams parse(String query) {
    return AddParams.fromQuery(QueryString.parse(query), NOW);
  }

  @Test
  void fromQuery_noParameters_isDefaults() {
    AddParams p = parse("");

    assertThat(p).isEqualTo(AddParams.defaults());
    assertThat(p.streamChannels()).isTrue();
    assertThat(p.format()).isEqualTo("unixfs");
    assertThat(p.layout()).isEmpty();
    assertThat(p.chunker()).isEqualTo("size-262144");
    assertThat(p.hashFunction()).isEqualTo("sha2-256");
    assertThat(p.cidVersion()).isZero();
    assertThat(p.pinOptions().shardSize()).isEqualTo(100L * 1024 * 1024);
  }

  @Test
  void fromQuery_everyParameter_setsEverySetting() {
    AddParams p =
        parse(
            "local=true&recursive=1&hidden=T&wrap-with-directory=TRUE&shard=t&stream-channels=false"
                + "&format=car&no-pin=True&layout=trickle&chunker=rabin-1-2-3&raw-leaves=true"
                + "&progress=true&cid-version=1&hash=blake2b-256&nocopy=true&name=n&shard-size=7");

    assertThat(p)
        .isEqualTo(
            new AddParams(
                PinOptions.defaults().withName("n").withShardSize(7),
                true,
                true,
                true,
                true,
                true,
                false,
                "car",
                true,
                "trickle",
                "rabin-1-2-3",
                true,
                true,
                1,
                "blake2b-256",
                true));
  }

  @Test
  void fromQuery_cidVersion1_defaultsRawLeavesOn_unlessGiven() {
    assertThat(parse("cid-version=1").rawLeaves()).isTrue();
    assertThat(parse("cid-version=1&raw-leaves=false").rawLeaves()).isFalse();
    assertThat(parse("cid-version=0").rawLeaves()).isFalse();
  }

  @Test
  void fromQuery_pinUpdate_isIgnored() {
    assertThat(parse("pin-update=QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq").pinOptions())
        .isEqualTo(PinOptions.defaults().withShardSize(AddParams.DEFAULT_SHARD_SIZE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "local",
        "recursive",
        "hidden",
        "wrap-with-directory",
        "shard",
        "progress",
        "raw-leaves",
        "stream-channels",
        "nocopy",
        "no-pin",
        "cid-version"
      })
  void fromQuery_malformedValue_namesTheParameter(String name) {
    assertThatThrownBy(() -> parse(name + "=yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter " + name + " invalid");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "format=zip           | format parameter is invalid",
        "layout=flat          | layout parameter is invalid",
        "cid-version=2        | parameter cid-version invalid",
        "replication-min=x    | parameter replication-min invalid",
        "expire-in=1ms        | expire-in duration too short",
      })
  void fromQuery_invalidSetting_failsWithTheOriginalMessage(String query, String message) {
    assertThatThrownBy(() -> parse(query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void fromQuery_pinOptionErrorsComeFirst() {
    assertThatThrownBy(() -> parse("format=zip&shard-size=x"))
        .hasMessage("parameter shard_size is invalid");
  }

  @Test
  void toQuery_defaults_writesEveryParameterSorted() {
    assertThat(AddParams.defaults().toQuery())
        .isEqualTo(
            "chunker=size-262144&cid-version=0&format=unixfs&hash=sha2-256&hidden=false"
                + "&layout=&local=false&mode=recursive&name=&no-pin=false&nocopy=false"
                + "&progress=false&raw-leaves=false&recursive=false&replication-max=0"
                + "&replication-min=0&shard=false&shard-size=104857600&stream-channels=true"
                + "&user-allocations=&wrap-with-directory=false");
  }

  @Test
  void toQuery_thenFromQuery_roundTrips() {
    AddParams p =
        new AddParams(
            PinOptions.defaults()
                .withReplication(2, 3)
                .withMetadata(Map.of("k", "v"))
                .withUserAllocations(List.of()),
            true,
            false,
            true,
            false,
            true,
            false,
            "car",
            true,
            "balanced",
            "size-1024",
            false,
            true,
            1,
            "sha2-512",
            false);

    assertThat(parse(p.toQuery())).isEqualTo(p);
  }

  @Test
  void constructor_unknownFormatOrLayout_isRejected() {
    AddParams d = AddParams.defaults();

    assertThatThrownBy(
            () ->
                new AddParams(
                    d.pinOptions(),
                    false,
                    false,
                    false,
                    false,
                    false,
                    true,
                    "zip",
                    false,
                    "",
                    "",
                    false,
                    false,
                    0,
                    "",
                    false))
        .hasMessageContaining("format")
        .hasMessageContaining("zip");
    assertThatThrownBy(
            () ->
                new AddParams(
                    d.pinOptions(),
                    false,
                    false,
                    false,
                    false,
                    false,
                    true,
                    "",
                    false,
                    "flat",
                    "",
                    false,
                    false,
                    0,
                    "",
                    false))
        .hasMessageContaining("layout")
        .hasMessageContaining("flat");
  }
}

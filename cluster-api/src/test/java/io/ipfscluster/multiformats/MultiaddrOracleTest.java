package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multiaddrs against the oracle files multiaddr.tsv and multiaddr-invalid.tsv, made with
 * {@code @multiformats/multiaddr} 11.6.1 (tools/oracles/README.md). Where that version differs from
 * go-multiaddr and the specs, we follow Go, and each such row is listed here with its reason.
 */
class MultiaddrOracleTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * What we do where we knowingly differ from @multiformats/multiaddr 11.6.1: a text (and hex when
   * the bytes differ too) we produce instead, or null text when we reject the input.
   */
  private record Difference(String text, String hex, String why) {}

  private static final Map<String, Difference> MULTIADDR_DIFFERENCES =
      Map.ofEntries(
          Map.entry(
              "//ip4/127.0.0.1/tcp/4001",
              new Difference(null, null, "go-multiaddr rejects empty components")),
          Map.entry(
              "/ip6/::ffff:127.0.0.1",
              new Difference(
                  "/ip6/::ffff:127.0.0.1",
                  null,
                  "go-multiaddr prints IPv4-mapped as ::ffff:a.b.c.d")),
          Map.entry(
              "/ip6/::ffff:7f00:1",
              new Difference(
                  "/ip6/::ffff:127.0.0.1",
                  null,
                  "go-multiaddr prints IPv4-mapped as ::ffff:a.b.c.d")),
          Map.entry(
              "/ip4/127.0.0.1/udp/1/webrtc",
              new Difference(
                  "/ip4/127.0.0.1/udp/1/webrtc",
                  "047f000001910200019902",
                  "the multicodec table names 0x0119 webrtc; JS 11.6.1 used that name for 0x0118")),
          Map.entry(
              "/ip4/127.0.0.1/udp/1/webrtc-w3c",
              new Difference(null, null, "webrtc-w3c is JS 11.6.1's old name of 0x0119 (webrtc)")),
          Map.entry(
              "/ip4/127.0.0.1/udp/1/utp", new Difference(null, null, "utp is not supported here")),
          Map.entry(
              "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234",
              new Difference(null, null, "onion3 is not supported here")),
          Map.entry("/memory/test", new Difference(null, null, "memory is not supported here")),
          Map.entry("/", new Difference(null, null, "go-multiaddr rejects the empty multiaddr")),
          Map.entry("", new Difference(null, null, "go-multiaddr rejects the empty multiaddr")));

  static List<OracleVectors.Row> oracleAddresses() {
    return OracleVectors.read("multiaddr.tsv");
  }

  /**
   * Valid multiaddrs: text, normalised text, binary and peer ID as JS multiaddr 11.6.1 has them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oracleAddresses")
  void parseAndFromBytes_oracleAddress_agreeWithJsMultiaddr(OracleVectors.Row row) {
    String input = row.get("input");
    Difference difference = MULTIADDR_DIFFERENCES.get(input);
    if (difference != null && difference.text() == null) {
      assertThatThrownBy(() -> Multiaddr.parse(input))
          .as(difference.why())
          .isInstanceOf(MultiformatException.class)
          .hasMessageStartingWith("invalid multiaddr " + MultiformatException.quote(input));
      return;
    }
    Multiaddr addr = Multiaddr.parse(input);
    String text = difference != null ? difference.text() : row.get("to_string");
    String hex =
        difference != null && difference.hex() != null ? difference.hex() : row.get("bytes_hex");

    assertThat(addr.toString()).isEqualTo(text);
    assertThat(HEX.formatHex(addr.toBytes())).isEqualTo(hex);
    assertThat(Multiaddr.fromBytes(HEX.parseHex(hex)).toString()).isEqualTo(text);
    assertThat(addr.peerId().map(PeerId::toString).orElse("-")).isEqualTo(row.get("peer_id"));
    String codes =
        addr.components().stream()
            .map(c -> "0x" + Integer.toHexString(c.protocol().code()))
            .collect(Collectors.joining(","));
    assertThat(codes)
        .isEqualTo(
            HEX.formatHex(addr.toBytes()).equals(row.get("bytes_hex"))
                ? row.get("proto_codes")
                : row.get("proto_codes").replace("0x118", "0x119"));
  }

  /**
   * Where we accept what @multiformats/multiaddr 11.6.1 rejects or garbles, with our result. Every
   * other row of multiaddr-invalid.tsv, including the ports JS accepts out of range, we reject.
   */
  private static final Map<String, Difference> ACCEPTED_THOUGH_INVALID_IN_JS =
      Map.of(
          "/ip4/10.0.0.0/ipcidr/8",
          new Difference(
              "/ip4/10.0.0.0/ipcidr/8", "040a0000002b08", "spec: a decimal uint8 (JS reads hex)"),
          "/ip4/10.0.0.0/ipcidr/33",
          new Difference(
              "/ip4/10.0.0.0/ipcidr/33",
              "040a0000002b21",
              "decimal 33 = 0x21, not JS's 0x33; like go-multiaddr, any uint8 is accepted"),
          "/ip6/::/ipcidr/64",
          new Difference(
              "/ip6/::/ipcidr/64",
              "29000000000000000000000000000000002b40",
              "spec: a decimal uint8 (JS reads hex)"),
          "/p2p/k51qzi5uqu5dh6hd9sztbwdtqr7viky8kcgdcfz9v34ojvkbjgd04j5lq40rct",
          new Difference(
              "/p2p/12D3KooWCWX9hCeEkZ3sBpKTDb5q8hAajMMcoU5qrxs6381f7kVA",
              "a503260024080112202800c316eac1d0f469eeb0759dcb83e84532c20eb5d1aa065e54af2688c2467d",
              "a libp2p-key CID in any multibase is a peer ID (peer-id spec, go-multiaddr)"),
          "/ip4/1.2.3.4/tcp/1/noise",
          new Difference(
              "/ip4/1.2.3.4/tcp/1/noise", "0401020304060001c603", "noise is in today's table"),
          "/ip4/1.2.3.4/udp/1/webrtc-direct",
          new Difference(
              "/ip4/1.2.3.4/udp/1/webrtc-direct",
              "0401020304910200019802",
              "webrtc-direct (0x0118) is in today's table"));

  static List<OracleVectors.Row> oracleInvalidAddresses() {
    return OracleVectors.read("multiaddr-invalid.tsv");
  }

  /** Bad strings and byte strings (JS's error, or "ACCEPTED by JS" where JS is too lenient). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oracleInvalidAddresses")
  void parseAndFromBytes_oracleInvalidInput_isRejected(OracleVectors.Row row) {
    String input = row.get("input");
    if (row.get("kind").equals("bytes_hex")) {
      assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex(input)))
          .isInstanceOf(MultiformatException.class)
          .hasMessageContaining(input);
      return;
    }
    Difference accepted = ACCEPTED_THOUGH_INVALID_IN_JS.get(input);
    if (accepted != null) {
      Multiaddr addr = Multiaddr.parse(input);
      assertThat(addr.toString()).as(accepted.why()).isEqualTo(accepted.text());
      assertThat(HEX.formatHex(addr.toBytes())).isEqualTo(accepted.hex());
      return;
    }
    assertThatThrownBy(() -> Multiaddr.parse(input))
        .isInstanceOf(MultiformatException.class)
        .hasMessageStartingWith("invalid multiaddr " + MultiformatException.quote(input));
  }
}

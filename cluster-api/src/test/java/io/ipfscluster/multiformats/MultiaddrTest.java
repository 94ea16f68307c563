package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Multiaddr.Component;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String QM = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
  private static final String ED = "12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV";

  /**
   * Text and binary forms. The first three and the transport suffixes are go-multiaddr's
   * TestStringToBytes/TestBytesToString; the others were encoded by hand from the multiaddr table
   * (a path value keeps its leading '/', as go-multiaddr and js-multiaddr up to v12 encode it).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
    "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
    "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
    "/ip4/127.0.0.1/tcp/127/ws, 047f00000106007fdd03",
    "/ip4/127.0.0.1/tcp/127/wss, 047f00000106007fde03",
    "/ip4/127.0.0.1/tcp/127/tls, 047f00000106007fc003",
    "/ip4/127.0.0.1/tcp/127/tls/ws, 047f00000106007fc003dd03",
    "/ip4/127.0.0.1/tcp/127/noise, 047f00000106007fc603",
    "/ip4/127.0.0.1/udp/1234/webrtc-direct, 047f000001910204d29802",
    "/ip4/127.0.0.1/udp/1234/webrtc, 047f000001910204d29902",
    "/ip4/127.0.0.1/udp/1234/webtransport, 047f000001910204d2d103",
    "/ip4/127.0.0.1/udp/1234/quic, 047f000001910204d2cc03",
    "/ip4/127.0.0.1/tcp/8000/http, 047f000001061f40e003",
    "/ip4/127.0.0.1/tcp/8000/https, 047f000001061f40bb03",
    "/ip6/::1, 2900000000000000000000000000000001",
    "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/ws,"
        + " 29200108a07ac542013ac986fffe317095061f40dd03",
    "/ip6/::ffff:127.0.0.1/tcp/111, 2900000000000000000000ffff7f00000106006f",
    "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1,"
        + " 29260100094f819700803eca6566e80c21910204d2cd03",
    "/ip6zone/x/ip6/fe80::1, 2a017829fe800000000000000000000000000001",
    "/ip4/192.0.2.0/ipcidr/24, 04c00002002b18",
    "/sctp/1234, 840104d2",
    "/dccp/5000, 211388",
    "/dns/example.com, 350b6578616d706c652e636f6d",
    "/dns4/example.com/tcp/443/wss, 360b6578616d706c652e636f6d0601bbde03",
    "/dns6/ipfs.io/udp/4001/quic-v1, 3707697066732e696f91020fa1cd03",
    "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN,"
        + " 3813626f6f7473747261702e6c69627032702e696fa50322122006b3608aa000274049eb28ad8e"
        + "793a26ff6fab281a7d3bd77cd18eb745dfaabb",
    "/ip4/127.0.0.1/tcp/9090/tls/sni/example.com/ws,"
        + " 047f000001062382c003c1030b6578616d706c652e636f6ddd03",
    "/unix/a/b/c/d/e, 90030a2f612f622f632f642f65",
    "/unix/stdio, 9003062f737464696f",
    "/ip4/1.2.3.4/tcp/80/unix/a/b/c/d/e/f, 040102030406005090030c2f612f622f632f642f652f66",
    "/p2p/" + QM + ", a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b",
    "/p2p/"
        + ED
        + ", a503260024080112202d3de6d16ae87f7a933fe1552162a2d3f04951e90e8051e4ee2c18f002dd0fb4",
    "/p2p/"
        + QM
        + "/p2p-circuit,"
        + " a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0ba202",
    "/ip4/1.2.3.4/udp/4001/quic-v1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA,"
        + " 040102030491020fa1cd03a503260024080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38d"
        + "c613ea859c37eb1336b",
    "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/"
        + "uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g,"
        + " 047f000001910204d2cd03d103d203221220c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a"
        + "3960714caef0c4f2",
  })
  void parseAndFromBytes_knownVectors_agree(String text, String hex) {
    Multiaddr parsed = Multiaddr.parse(text);
    Multiaddr decoded = Multiaddr.fromBytes(HEX.parseHex(hex));

    assertThat(HEX.formatHex(parsed.toBytes())).isEqualTo(hex);
    assertThat(decoded.toString()).isEqualTo(text);
    assertThat(decoded).isEqualTo(parsed).hasSameHashCodeAs(parsed);
  }

  /** Inputs that parse, and the normalised form they print as (go-multiaddr's output). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // the legacy name of p2p, and peer IDs written as CIDs, print as /p2p/<base58btc>
    "/ipfs/" + QM + ", /p2p/" + QM,
    "/ip4/127.0.0.1/ipfs/" + QM + "/tcp/1234, /ip4/127.0.0.1/p2p/" + QM + "/tcp/1234",
    "/ipfs/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7/tcp/1234,"
        + " /p2p/"
        + QM
        + "/tcp/1234",
    "/p2p/bafzbeidt255unskpefjmqb2rc27vjuyxopkxgaylxij6pw35hhys4vnyp4,"
        + " /p2p/QmW8rAgaaA6sRydK1k6vonShQME47aDxaFidbtMevWs73t",
    "/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs, /p2p/" + ED,
    "/p2p/bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u, /p2p/" + ED,
    // trailing slashes are dropped
    "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
    "/unix/a/b//, /unix/a/b",
    // RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the
    // first one on a tie) becomes ::, and Go's ::ffff:a.b.c.d for IPv4-mapped addresses
    "/ip6/2001:0db8:0000:0000:0000:0000:0000:0001, /ip6/2001:db8::1",
    "/ip6/ABCD::1:2:3:4:5:6, /ip6/abcd:0:1:2:3:4:5:6",
    "/ip6/2001:db8:0:0:1:0:0:1, /ip6/2001:db8::1:0:0:1",
    "/ip6/2001:0:0:1:0:0:0:1, /ip6/2001:0:0:1::1",
    "/ip6/0:0:0:0:0:0:0:0, /ip6/::",
    "/ip6/fe80:0:0:0:0:0:0:0, /ip6/fe80::",
    "/ip6/1:0:0:0:0:0:0:2, /ip6/1::2",
    "/ip6/2001:db8:0:1:1:1:1:1, /ip6/2001:db8:0:1:1:1:1:1",
    "/ip6/1:2:3:4:5:6:7::, /ip6/1:2:3:4:5:6:7:0",
    "/ip6/::1.2.3.4, /ip6/::102:304",
    "/ip6/0:0:0:0:0:ffff:7f00:1, /ip6/::ffff:127.0.0.1",
    "/ip6/::FFFF:10.0.0.1, /ip6/::ffff:10.0.0.1",
    // ports may have leading zeros, as strconv.ParseUint allows
    "/tcp/0080, /tcp/80",
    // certhash values print in base64url, as go-multiaddr writes them
    "/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy, /certhash/u1QEQOFj2IjCsPJFfMAxmQxLGPw",
    "/certhash/zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41,"
        + " /certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
  })
  void toString_equivalentInput_printsTheNormalForm(String input, String expected) {
    Multiaddr addr = Multiaddr.parse(input);

    assertThat(addr.toString()).isEqualTo(expected);
    assertThat(Multiaddr.parse(expected)).isEqualTo(addr);
  }

  /** go-multiaddr's TestRoundTrip and its good list, and js-multiaddr's examples we support. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/unix/a/b/c/d",
        "/ip6/::ffff:127.0.0.1/tcp/111",
        "/ip4/127.0.0.1/tcp/123/tls",
        "/ip4/127.0.0.1/udp/123/ip6/::",
        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP",
        "/p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP/unix/a/b/c",
        "/ip4/1.2.3.4",
        "/ip4/0.0.0.0",
        "/ip6/2001:db8::/ipcidr/32",
        "/ip6zone/x%y/ip6/fe80::1",
        "/ip6zone/x%y/ip6/::",
        "/ip6zone/x/ip6/fe80::1/udp/1234/quic-v1",
        "/udp/0",
        "/tcp/65535",
        "/tcp/1234/tls/http",
        "/tcp/1234/https",
        "/p2p/" + QM + "/tcp/1234",
        "/ip4/127.0.0.1/p2p/" + QM + "/tcp/1234/unix/stdio",
        "/ip4/127.0.0.1/tcp/127/webrtc-direct",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/u1QEQOFj2IjCsPJFfMAxmQxLGPw"
            + "/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
        "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/udp/4001/quic/p2p/" + QM,
        "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/unix/a/b/c/d/e/f",
        "/ip4/1.2.3.4/udp/4001/quic-v1/webtransport"
            + "/certhash/uEiAkH5a4DPGKUuOBjYw0CgwjvcJCJMD2K_1aluKR_tpevQ"
            + "/certhash/uEiAfbgiymPP2_nX7Dgir8B4QkksjHp2lVuJZz0F79Be9JA"
            + "/p2p/12D3KooWBdmLJjhpgJ9KZgLM3f894ff9xyBfPvPjFNn7MKJpyrC2",
        "/p2p-circuit/p2p/" + QM,
        "/dns4/ipfs.io/tcp/443/tls/sni/ipfs.io/http",
      })
  void parseThenToString_canonicalAddress_roundTrips(String text) {
    Multiaddr addr = Multiaddr.parse(text);

    assertThat(addr.toString()).isEqualTo(text);
    assertThat(Multiaddr.fromBytes(addr.toBytes())).isEqualTo(addr);
  }

  /**
   * go-multiaddr's TestConstructFails, TestInvalidP2PAddrString and TestProtocolsWithString (the
   * cases for protocols we know), js-multiaddr's invalid examples, and more malformed inputs.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4",
        "/ip4/::1",
        "/ip4/fdpsofodsajfdoisa",
        "/ip4/::/ipcidr/256",
        "/ip6/::/ipcidr/1026",
        "/ip6",
        "/ip6zone",
        "/ip6zone/",
        "/ip6zone//ip6/fe80::1",
        "/udp",
        "/tcp",
        "/sctp",
        "/udp/65536",
        "/tcp/65536",
        "/quic/65536",
        "/quic-v1/65536",
        "/onion/9imaq4ygg2iegci7:80",
        "/udp/1234/sctp",
        "/udp/1234/udt/1234",
        "/udp/1234/utp/1234",
        "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp",
        "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234",
        "/ip4/127.0.0.1/quic-v1/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp",
        "/ip4/127.0.0.1/ipfs",
        "/ip4/127.0.0.1/ipfs/tcp",
        "/ip4/127.0.0.1/p2p",
        "/ip4/127.0.0.1/p2p/tcp",
        "/unix",
        "/ip4/1.2.3.4/tcp/80/unix",
        "/ip4/1.2.3.4/tcp/-1",
        "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct",
        "/memory/92233720368547758081",
        "/",
        "",
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl-",
        "/p2p/?unknownmultibase",
        "/p2p/k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z",
        "/p2p/bahkqcerat6dnbamijr6wlgrp5kqmkwwqcwr36ty3fmfyelgrlvwblmhqbiea",
        "/ip4/tcp/fidosafoidsa",
        "////////ip4/tcp/21432141/////////",
        "////////ip4///////tcp/////////",
        "/ip4/0.0.0.0/ip4",
        "/onion/timaq4ygg2iegci:80",
        "ip4/1.2.3.4",
        "/ip4/01.2.3.4",
        "/ip4/1.2.3.04",
        "/ip4/256.0.0.1",
        "/ip4/1.2.3",
        "/ip4/1.2.3.4.5",
        "/ip4/1.2.3.",
        "/ip4/1..2.3",
        "/ip4/١.2.3.4",
        "/ip6/1::2::3",
        "/ip6/1:2:3:4:5:6:7:8:9",
        "/ip6/1:2:3:4:5:6:7",
        "/ip6/1:2:3:4::5:6:7:8",
        "/ip6/12345::",
        "/ip6/fe80::1%eth0",
        "/ip6/::g",
        "/ip6/:1:2:3:4:5:6:7",
        "/ip6/1:2:3:4:5:6:7:",
        "/ip6/:::",
        "/ip6/1.2.3.4",
        "/ip6/1:2:3:4:5:1.2.3.4::",
        "/ip6/::1.2.3",
        "/ip6/１::",
        "/ip6/::١",
        "/dns4/",
        "/dns4//tcp/1",
        "/dns",
        "/dnsaddr",
        "/p2p/notapeer",
        "/tcp/+1",
        "/tcp/1e3",
        "/tcp/ 80",
        "/tcp/100000",
        "/ipcidr/-1",
        "/sni",
        "/certhash/notmultibase",
        "/certhash/f00",
        "/ws/ws/x",
      })
  void parse_invalidAddress_isRejectedNamingIt(String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text))
        .isInstanceOf(MultiformatException.class)
        .hasMessageStartingWith("invalid multiaddr " + MultiformatException.quote(text) + ":");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "'', empty",
    "/, no components",
    "ip4/1.2.3.4, must begin with",
    "/foo/1, unknown protocol \"foo\"",
    "/tcp, tcp needs a value",
    "/tcp/65536, out of range",
    "/tcp/eighty, invalid tcp value \"eighty\"",
    "/ip4/1.2.3, invalid IPv4 address \"1.2.3\"",
    "/ip4/01.2.3.4, invalid IPv4 address \"01.2.3.4\"",
    "/ip6/1::2::3, invalid IPv6 address \"1::2::3\"",
    "/dns4//tcp/1, dns4 needs a non-empty value",
    "/unix, unix needs a path",
    "/p2p/notapeer, invalid peer ID \"notapeer\"",
    "/certhash/f00, multihash",
  })
  void parse_invalidAddress_saysWhatIsWrong(String text, String problem) {
    assertThatThrownBy(() -> Multiaddr.parse(text))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "'', empty",
    "ff, truncated", // code varint cut short
    "ffff03, unknown protocol code 65535",
    "047f0000, ip4", // 3 of 4 bytes
    "0610, tcp",
    "047f000001910204, udp",
    "35, truncated", // no length
    "3500, empty",
    "35012f, must not contain", // a slash in a DNS name
    "35ffffffff0f61, dns", // length far past the end
    "900303612f62, must begin with", // a unix path must begin with a slash
    "9003022f2f, must not end with", // and must not end with one
    "a50302ff00, peer ID",
    // go-multiaddr's TestInvalidP2PAddrBytes: a sha2-256 multihash declaring 33 bytes
    "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6, multihash",
    "d20302ffff, multihash", // certhash that is no multihash
    "2b, ipcidr",
  })
  void fromBytes_malformed_isRejectedNamingTheBytes(String hex, String problem) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex(hex)))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining(hex.length() > 40 ? hex.substring(0, 40) : hex)
        .hasMessageContaining(problem);
  }

  @Test
  void accessors_ofAFullAddress_findTheComponents() {
    Multiaddr addr = Multiaddr.parse("/dns4/example.com/tcp/4001/p2p/" + ED);

    assertThat(addr.components())
        .extracting(Component::protocol)
        .containsExactly(Protocol.DNS4, Protocol.TCP, Protocol.P2P);
    assertThat(addr.components().get(0).valueString()).isEqualTo("example.com");
    assertThat(addr.valueOf(Protocol.TCP)).contains("4001");
    assertThat(addr.valueOf(Protocol.UDP)).isEmpty();
    assertThat(addr.has(Protocol.DNS4)).isTrue();
    assertThat(addr.has(Protocol.IP4)).isFalse();
    assertThat(addr.peerId()).contains(PeerId.parse(ED));
    assertThat(addr.withoutPeerId().toString()).isEqualTo("/dns4/example.com/tcp/4001");
    assertThat(addr.withoutPeerId().peerId()).isEmpty();
    assertThat(addr.withoutPeerId().withoutPeerId()).isEqualTo(addr.withoutPeerId());
  }

  @Test
  void withPeerId_replacesATrailingPeerIdAndAddsOtherwise() {
    Multiaddr tcp = Multiaddr.parse("/ip4/10.0.0.1/tcp/9096");
    PeerId a = PeerId.parse(QM);
    PeerId b = PeerId.parse(ED);

    assertThat(tcp.withPeerId(a).toString()).isEqualTo("/ip4/10.0.0.1/tcp/9096/p2p/" + QM);
    assertThat(tcp.withPeerId(a).withPeerId(b).toString())
        .isEqualTo("/ip4/10.0.0.1/tcp/9096/p2p/" + ED);
    assertThat(Multiaddr.parse("/p2p/" + QM).withPeerId(b).toString()).isEqualTo("/p2p/" + ED);
  }

  @Test
  void peerId_ofACircuitAddress_isTheLastOne() {
    Multiaddr relayed = Multiaddr.parse("/p2p/" + QM + "/p2p-circuit/p2p/" + ED);

    assertThat(relayed.peerId()).contains(PeerId.parse(ED));
  }

  @Test
  void encapsulate_appendsTheOtherAddress() {
    Multiaddr addr =
        Multiaddr.parse("/ip4/127.0.0.1/udp/1234").encapsulate(Multiaddr.parse("/udp/5678"));

    assertThat(addr.toString()).isEqualTo("/ip4/127.0.0.1/udp/1234/udp/5678");
    assertThat(addr.toBytes()).isEqualTo(HEX.parseHex("047f000001910204d2" + "9102162e"));
  }

  @Test
  void of_components_buildsTheSameAddressAsParse() {
    Multiaddr built =
        Multiaddr.of(
            List.of(
                new Component(Protocol.IP4, new byte[] {127, 0, 0, 1}),
                new Component(Protocol.TCP, new byte[] {0x10, (byte) 0xe1})));

    assertThat(built).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/4321"));
  }

  @ParameterizedTest(name = "{0} with {1} bytes")
  @CsvSource({"IP4, 3", "IP6, 4", "TCP, 1", "WS, 1", "DNS, 0", "P2P, 3", "IPCIDR, 2"})
  void component_valueOfTheWrongSize_isRejected(Protocol protocol, int size) {
    assertThatThrownBy(() -> new Component(protocol, new byte[size]))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining(protocol.specName());
  }

  @Test
  void component_value_isACopy() {
    Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4");
    addr.components().get(0).value()[0] = 9;

    assertThat(addr.toString()).isEqualTo("/ip4/1.2.3.4");
    assertThat(addr.toBytes()).isEqualTo(Multiaddr.parse("/ip4/1.2.3.4").toBytes());
  }

  @Test
  void of_noComponents_isRejected() {
    assertThatThrownBy(() -> Multiaddr.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void protocolLookups_knowTheLegacyIpfsName() {
    assertThat(Protocol.ofName("ipfs")).contains(Protocol.P2P);
    assertThat(Protocol.ofName("p2p")).contains(Protocol.P2P);
    assertThat(Protocol.ofCode(421)).contains(Protocol.P2P);
    assertThat(Protocol.ofName("onion")).isEmpty();
    for (Protocol p : Protocol.values()) {
      assertThat(Protocol.ofName(p.specName())).contains(p);
      assertThat(Protocol.ofCode(p.code())).contains(p);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {2, 8080, 424242})
  void textAndBinary_randomAddresses_roundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      List<String> parts = new ArrayList<>();
      int n = 1 + random.nextInt(5);
      for (int j = 0; j < n; j++) {
        parts.add(randomComponent(random));
      }
      if (random.nextInt(4) == 0) {
        parts.add("/unix/" + randomPathSegment(random) + "/" + randomPathSegment(random));
      }
      String text = String.join("", parts);
      Multiaddr addr = Multiaddr.parse(text);

      assertThat(Multiaddr.parse(addr.toString())).as(text).isEqualTo(addr);
      assertThat(Multiaddr.parse(addr.toString()).toString()).isEqualTo(addr.toString());
      assertThat(Multiaddr.fromBytes(addr.toBytes())).as(text).isEqualTo(addr);
      assertThat(Multiaddr.of(addr.components())).isEqualTo(addr);
    }
  }

  private static String randomComponent(Random random) {
    return switch (random.nextInt(12)) {
      case 0 ->
          "/ip4/"
              + random.nextInt(256)
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256);
      case 1 -> {
        StringBuilder sb = new StringBuilder("/ip6/");
        for (int g = 0; g < 8; g++) {
          // mostly zero groups, so that :: compression has runs to find
          sb.append(g == 0 ? "" : ":")
              .append(Integer.toHexString(random.nextInt(3) == 0 ? random.nextInt(65536) : 0));
        }
        yield sb.toString();
      }
      case 2 -> "/tcp/" + random.nextInt(65536);
      case 3 -> "/udp/" + random.nextInt(65536);
      case 4 ->
          "/dns"
              + List.of("", "4", "6", "addr").get(random.nextInt(4))
              + "/"
              + randomPathSegment(random)
              + ".example";
      case 5 -> {
        byte[] key = new byte[32];
        random.nextBytes(key);
        yield "/p2p/" + PeerId.fromEd25519PublicKey(key);
      }
      case 6 -> {
        byte[] key = new byte[300];
        random.nextBytes(key);
        yield "/ipfs/" + PeerId.fromPublicKeyProtobuf(key).toCid();
      }
      case 7 -> "/ipcidr/" + random.nextInt(129);
      case 8 -> {
        byte[] cert = new byte[random.nextInt(40)];
        random.nextBytes(cert);
        yield "/certhash/"
            + Multibase.BASE64_URL.encode(Multihash.compute(HashFunction.SHA2_256, cert).toBytes());
      }
      case 9 -> "/ip6zone/" + randomPathSegment(random);
      case 10 -> "/sni/" + randomPathSegment(random);
      default -> {
        List<String> flags =
            List.of(
                "/ws",
                "/wss",
                "/tls",
                "/noise",
                "/quic-v1",
                "/webtransport",
                "/p2p-circuit",
                "/http",
                "/https",
                "/webrtc-direct",
                "/webrtc",
                "/quic");
        yield flags.get(random.nextInt(flags.size()));
      }
    };
  }

  private static String randomPathSegment(Random random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_%é";
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}

package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String ED25519_PUBLIC_KEY =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  /**
   * The public keys of the libp2p peer-id spec's test vectors, and the IDs they give: keys of at
   * most 42 bytes are inlined (identity multihash), longer ones hashed with sha2-256.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ed25519, " + ED25519_PUBLIC_KEY + ", 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
    "secp256k1, 08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99,"
        + " 16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY",
    "ecdsa, 0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d5"
        + "30899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a5"
        + "97fb4dcec034e9f77c409e62, QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk",
  })
  void fromPublicKeyProtobuf_specKeyVectors_giveTheirPeerIds(
      String type, String keyHex, String expected) {
    PeerId id = PeerId.fromPublicKeyProtobuf(HEX.parseHex(keyHex));

    assertThat(id.toString()).isEqualTo(expected);
    assertThat(PeerId.parse(expected)).isEqualTo(id);
    assertThat(id.inlinedPublicKey().map(HEX::formatHex))
        .isEqualTo(
            keyHex.length() <= 84 ? java.util.Optional.of(keyHex) : java.util.Optional.empty());
  }

  @Test
  void fromEd25519PublicKey_rawSpecKey_isTheProtobufKeysId() {
    byte[] raw = Arrays.copyOfRange(HEX.parseHex(ED25519_PUBLIC_KEY), 4, 36);
    PeerId id = PeerId.fromEd25519PublicKey(raw);

    assertThat(id.toString()).isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    assertThat(id.ed25519PublicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(raw));
    assertThat(HEX.formatHex(id.toBytes())).isEqualTo("0024" + ED25519_PUBLIC_KEY);
  }

  /**
   * The spec's examples, and go-multiaddr's: the same peer as a base58btc multihash and as a CIDv1
   * with codec libp2p-key in base32 and base36.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe,"
        + " QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
    "k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7,"
        + " QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
    "bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm,"
        + " QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
    "k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs,"
        + " 12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    "bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u,"
        + " 12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA,"
        + " 12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
  })
  void parse_cidAndMultihashForms_giveTheSamePeer(String text, String base58) {
    PeerId id = PeerId.parse(text);

    assertThat(id).isEqualTo(PeerId.parse(base58));
    assertThat(id.toString()).isEqualTo(base58);
    assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid().toString())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid().toString(Multibase.BASE36))).isEqualTo(id);
    assertThat(id.toCid().codec()).isEqualTo(Multicodec.LIBP2P_KEY.code());
  }

  @Test
  void toCid_ed25519Peer_printsTheKnownCidForms() {
    PeerId id = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");

    assertThat(id.toCid().toString())
        .isEqualTo("bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6");
    assertThat(id.toCid().toString(Multibase.BASE36))
        .isEqualTo("k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1oe");
  }

  @Test
  void ed25519PublicKey_ofAnRsaPeer_isEmpty() {
    PeerId id = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");

    assertThat(id.ed25519PublicKey()).isEmpty();
    assertThat(id.inlinedPublicKey()).isEmpty();
  }

  @Test
  void shortString_isTheLastSixCharacters() {
    assertThat(PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq").shortString())
        .isEqualTo("mo7R3pq".substring(1));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource({
    "'', empty",
    "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p, multihash", // cut short
    "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p0, base58btc",
    "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK, multihash", // cut short
    "5ubSg5aAfT3VhVnP4HZ9wyyAHDPqoN, unknown multibase", // neither Qm/1 nor multibase
    "1, truncated",
    // a sha2-256 peer ID must be 32 bytes long
    "QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY, 32",
    // go-multiaddr's TestInvalidP2PAddrString
    "k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl-, base36",
    "?unknownmultibase, unknown multibase",
    "k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z, libp2p-key", // dag-pb CID
    "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi, dag-pb",
    "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku, raw",
  })
  void parse_malformed_isRejectedNamingTheInput(String text, String problem) {
    assertThatThrownBy(() -> PeerId.parse(text))
        .isInstanceOf(MultiformatException.class)
        .hasMessageStartingWith("invalid peer ID \"" + text + "\"")
        .hasMessageContaining(problem);
  }

  @Test
  void fromBytes_sha512Multihash_isRejected() {
    byte[] sha512 = Multihash.compute(HashFunction.SHA2_512, new byte[0]).toBytes();

    assertThatThrownBy(() -> PeerId.fromBytes(sha512))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("identity or sha2-256")
        .hasMessageContaining(HEX.formatHex(sha512, 0, 8));
  }

  @Test
  void fromBytes_truncatedSha256Digest_isRejected() {
    byte[] short20 = Multihash.of(HashFunction.SHA2_256, new byte[20]).toBytes();

    assertThatThrownBy(() -> PeerId.fromBytes(short20))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("32");
  }

  @Test
  void fromEd25519PublicKey_wrongLength_isRejected() {
    assertThatThrownBy(() -> PeerId.fromEd25519PublicKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {17, 1001, 65537})
  void textAndBinary_randomPeers_roundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      PeerId id;
      if (random.nextBoolean()) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        id = PeerId.fromEd25519PublicKey(raw);
        assertThat(id.toString()).startsWith("12D3KooW");
        assertThat(id.ed25519PublicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(raw));
      } else {
        byte[] key = new byte[43 + random.nextInt(600)];
        random.nextBytes(key);
        id = PeerId.fromPublicKeyProtobuf(key);
        assertThat(id.toString()).startsWith("Qm");
      }

      assertThat(PeerId.parse(id.toString())).isEqualTo(id);
      assertThat(PeerId.parse(id.toCid().toString())).isEqualTo(id);
      assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
      assertThat(id.compareTo(PeerId.parse(id.toString()))).isZero();
    }
  }

  static List<OracleVectors.Row> oraclePeers() {
    return OracleVectors.read("peerid.tsv");
  }

  /** Ed25519, secp256k1 and RSA keys made by @libp2p/crypto, and the IDs js-libp2p gives them. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oraclePeers")
  void fromPublicKeyProtobuf_oracleKey_givesTheJsPeerId(OracleVectors.Row row) {
    byte[] publicKey = HEX.parseHex(row.get("pubkey_pb_hex"));
    PeerId id = PeerId.fromPublicKeyProtobuf(publicKey);

    assertThat(Base64.getDecoder().decode(row.get("pubkey_pb_b64"))).isEqualTo(publicKey);
    assertThat(id.toString()).isEqualTo(row.get("peer_id"));
    assertThat(HEX.formatHex(id.toBytes())).isEqualTo(row.get("multihash_hex"));
    assertThat(id.multihash().code()).isEqualTo(Long.decode(row.get("multihash_code")));
    assertThat(id.toCid().toString()).isEqualTo(row.get("cid_base32"));
    assertThat(id.toCid().toString(Multibase.BASE36)).isEqualTo(row.get("cid_base36"));
    assertThat(PeerId.parse(row.get("cid_base32"))).isEqualTo(id);
    assertThat(PeerId.parse(row.get("cid_base36"))).isEqualTo(id);
    row.optional("legacy_qm").ifPresent(qm -> assertThat(PeerId.parse(qm)).isEqualTo(id));
    if (row.get("key_type").equals("Ed25519")) {
      byte[] raw = Arrays.copyOfRange(publicKey, 4, 36);
      assertThat(PeerId.fromEd25519PublicKey(raw)).isEqualTo(id);
      assertThat(id.ed25519PublicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(raw));
      // the private key protobuf holds seed || public key (08 01 12 40 ...)
      byte[] priv = Base64.getDecoder().decode(row.get("privkey_pb_b64"));
      assertThat(Arrays.copyOfRange(priv, 36, 68)).isEqualTo(raw);
    } else {
      assertThat(id.ed25519PublicKey()).isEmpty();
    }
  }

  static List<OracleVectors.Row> oracleParseInputs() {
    return OracleVectors.read("peerid-parse.tsv");
  }

  /**
   * Peer ID strings in many forms, against @libp2p/peer-id's peerIdFromString. One known
   * difference: JS also reads "z" + a base58btc multihash (z12D3KooW…), but the peer-id spec and
   * go-libp2p read every string not starting with "1" or "Qm" as a CID, and that is no CID.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oracleParseInputs")
  void parse_oracleInput_agreesWithJsLibp2p(OracleVectors.Row row) {
    String input = row.get("input");
    boolean multibaseMultihash = input.startsWith("z1");

    if (row.get("result").equals("ok") && !multibaseMultihash) {
      PeerId id = PeerId.parse(input);
      assertThat(id.toString()).isEqualTo(row.get("to_string"));
      assertThat(id.toCid().toString()).isEqualTo(row.get("to_cid"));
    } else {
      assertThatThrownBy(() -> PeerId.parse(input))
          .isInstanceOf(MultiformatException.class)
          .hasMessageStartingWith("invalid peer ID " + MultiformatException.quote(input));
    }
  }
}

package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidTest {
  private static final HexFormat HEX = HexFormat.of();

  static final String EMPTY_FILE_V0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
  static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

  /** The CID spec's example: "base58btc - cidv1 - raw - sha2-256-256-6e6ff795…". */
  @Test
  void parse_cidSpecExample_hasTheHumanReadableParts() {
    Cid cid = Cid.parse("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");

    assertThat(cid.version()).isEqualTo(1);
    assertThat(cid.codec()).isEqualTo(Multicodec.RAW.code());
    assertThat(cid.multihash().function()).contains(HashFunction.SHA2_256);
    assertThat(HEX.formatHex(cid.multihash().digest()))
        .isEqualTo("6e6ff7950a36187a801613426e858dce686cd7d7e3c0fc42ee0330072d245c95");
    assertThat(cid.toString(Multibase.BASE58_BTC))
        .isEqualTo("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");
    assertThat(cid.toString())
        .isEqualTo("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
  }

  /** One CID in several multibases: all parse to it, and it prints back in each. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "base32, bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su",
    "base32upper, BAFKREIDON73ZKCRWDB5IAFQTIJXILDOONBWNPV7DYD6EF3QDGADS2JC4SU",
    "base16, f015512206e6ff7950a36187a801613426e858dce686cd7d7e3c0fc42ee0330072d245c95",
    "base36, k2cwuebehu25964wkyur07ojbfw5otexdh4mq0cbtw10597acwdqhtat",
    "base58btc, zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA",
    "base64, mAVUSIG5v95UKNhh6gBYTQm6Fjc5obNfX48D8Qu4DMActJFyV",
    "base64url, uAVUSIG5v95UKNhh6gBYTQm6Fjc5obNfX48D8Qu4DMActJFyV",
  })
  void parseAndToString_sameCidInEachBase_agree(String base, String text) {
    Cid cid = Cid.parse(text);

    assertThat(cid.toString(Multibase.ofName(base))).isEqualTo(text);
    assertThat(cid.toString())
        .isEqualTo("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
    assertThat(HEX.formatHex(cid.toBytes()))
        .isEqualTo("015512206e6ff7950a36187a801613426e858dce686cd7d7e3c0fc42ee0330072d245c95");
  }

  /** The well-known UnixFS CIDs: the empty file and the empty directory, v0 and v1. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "empty file, 0a0408021800, "
        + EMPTY_FILE_V0
        + ", bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y",
    "empty dir, 0a020801, "
        + EMPTY_DIR_V0
        + ", bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
  })
  void v0_sha256OfUnixfsBlock_isTheWellKnownCid(
      String what, String dagPbHex, String v0, String v1) {
    Cid cid = Cid.v0(Multihash.compute(HashFunction.SHA2_256, HEX.parseHex(dagPbHex)));

    assertThat(cid.toString()).isEqualTo(v0);
    assertThat(cid.version()).isZero();
    assertThat(cid.codec()).isEqualTo(Multicodec.DAG_PB.code());
    assertThat(Cid.parse(v0)).isEqualTo(cid);
    assertThat(cid.toV1().toString()).isEqualTo(v1);
    assertThat(Cid.parse(v1)).isEqualTo(cid.toV1()).isNotEqualTo(cid);
    Cid parsedV1 = Cid.parse(v1);
    assertThat(parsedV1.toV1()).isSameAs(parsedV1);
  }

  @Test
  void v1_rawEmptyBytes_isTheWellKnownCid() {
    Cid cid = Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, new byte[0]));

    assertThat(cid.toString())
        .isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  }

  /** The example of the IPFS docs' "CID conversion": v0 to v1 keeps the multihash and dag-pb. */
  @Test
  void toV1_docsExample_convertsToBase32() {
    Cid v0 = Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");

    assertThat(v0.toV1().toString())
        .isEqualTo("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    assertThat(v0.toV1().multihash()).isEqualTo(v0.multihash());
    assertThat(v0.toString(Multibase.BASE58_BTC))
        .isEqualTo("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");
  }

  @Test
  void toString_v0InAnotherBase_isRefused() {
    Cid v0 = Cid.parse(EMPTY_DIR_V0);

    assertThatThrownBy(() -> v0.toString(Multibase.BASE32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("toV1()");
  }

  @Test
  void toString_afterParsingUppercase_isCanonicalLowercase() {
    Cid cid = Cid.parse("BAFKREIDON73ZKCRWDB5IAFQTIJXILDOONBWNPV7DYD6EF3QDGADS2JC4SU");

    assertThat(cid.toString())
        .isEqualTo("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
  }

  @Test
  void fromBytesAndRead_v0AndV1_agreeWithText() {
    Cid v0 = Cid.parse(EMPTY_DIR_V0);
    Cid v1 = v0.toV1();
    byte[] both = new byte[v0.length() + v1.length() + 1];
    int end = v1.writeTo(both, v0.writeTo(both, 1));

    assertThat(end).isEqualTo(both.length);
    assertThat(Cid.read(both, 1)).isEqualTo(v0);
    assertThat(Cid.read(both, 1 + v0.length())).isEqualTo(v1);
    assertThat(Cid.fromBytes(v0.toBytes())).isEqualTo(v0);
    assertThat(Cid.fromBytes(v1.toBytes())).isEqualTo(v1);
    assertThat(v0.toBytes()).hasSize(34).startsWith(0x12, 0x20);
  }

  @Test
  void equalsAndCompareTo_areByBinaryForm() {
    Cid a = Cid.parse("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
    Cid b = Cid.parse("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");
    Cid c = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a.compareTo(c)).isNotZero().isEqualTo(-c.compareTo(a));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource({
    "'', empty",
    "Qm, 46 characters",
    "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ, 46 characters", // 45 characters
    "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQHH, 46 characters", // 47 characters
    "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ0, base58btc", // '0' is not base58
    "xyz, unknown multibase prefix",
    "bafy!eif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y, base32",
    "bajybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y, version 2",
    "babybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y, version 0",
    "bciql7tg2pb52xizllhdyiufmhuqlmmzwbnbzsldxfcpz5vdnqq2wdzq, CIDv0", // multibase CIDv0
    "zQmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH, CIDv0", // likewise, in base58btc
    "bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4suaa, trailing",
    "bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4, 32", // digest cut short
    "b, truncated", // no bytes at all
  })
  void parse_malformed_isRejectedNamingTheInputAndTheProblem(String text, String problem) {
    assertThatThrownBy(() -> Cid.parse(text))
        .isInstanceOf(MultiformatException.class)
        .hasMessageStartingWith("invalid CID \"" + text + "\"")
        .hasMessageContaining(problem);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource({
    "'', truncated",
    "0270, version 2",
    "0370, version 3",
    "1214ffb31f07aa15348368c90c73a834dbf9f8710365, version 18", // 0x12 0x14: not a CIDv0
    "1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc, 32", // 31 digest bytes
    "1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc1700, trailing",
    "0155, truncated", // no multihash
    "01551220ff, 32",
    "018000, minimal", // non-minimal codec varint
  })
  void fromBytes_malformed_isRejectedNamingTheInput(String hex, String problem) {
    assertThatThrownBy(() -> Cid.fromBytes(HEX.parseHex(hex)))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("CID")
        .hasMessageContaining(hex.length() > 40 ? hex.substring(0, 40) : hex)
        .hasMessageContaining(problem);
  }

  @Test
  void v0_notSha256_isRejected() {
    Multihash blake = Multihash.compute(HashFunction.BLAKE2B_256, new byte[0]);

    assertThatThrownBy(() -> Cid.v0(blake))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("sha2-256");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {5, 4242, 123456789})
  void textAndBinary_randomCids_roundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[random.nextInt(64)];
      random.nextBytes(data);
      HashFunction f = HashFunction.values()[random.nextInt(HashFunction.values().length)];
      Multihash mh = Multihash.compute(f, data);
      Cid cid;
      if (random.nextInt(5) == 0) {
        cid = Cid.v0(Multihash.compute(HashFunction.SHA2_256, data));
      } else {
        long codec =
            random.nextBoolean()
                ? Multicodec.values()[random.nextInt(Multicodec.values().length)].code()
                : random.nextInt(1 << random.nextInt(28));
        cid = Cid.v1(codec, mh);
      }

      assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
      assertThat(Cid.parse(cid.toString()).toString()).isEqualTo(cid.toString());
      assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
      if (cid.version() == 1) {
        for (Multibase base : Multibase.values()) {
          assertThat(Cid.parse(cid.toString(base))).as("%s in %s", cid, base).isEqualTo(cid);
        }
      } else {
        assertThat(cid.toString()).hasSize(46).startsWith("Qm");
        assertThat(cid.toV1().version()).isEqualTo(1);
        assertThat(cid.toV1().multihash()).isEqualTo(cid.multihash());
      }
    }
  }
}

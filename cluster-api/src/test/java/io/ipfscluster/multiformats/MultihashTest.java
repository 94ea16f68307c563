package io.ipfscluster.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultihashTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The examples in the multihash spec's README: sha1 and sha2-256 of "multihash". */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "111488c2f11fb2ce392acb5b2986e640211c4690073e, 5dsgvJGnvAfiR3K6HCBc4hcokSfmjj, 17, 20",
    "12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47,"
        + " QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk, 18, 32",
  })
  void parseAndFromBytes_specReadmeExamples_agree(
      String hex, String base58, long code, int digestLength) {
    Multihash fromBytes = Multihash.fromBytes(HEX.parseHex(hex));
    Multihash parsed = Multihash.parse(base58);

    assertThat(parsed).isEqualTo(fromBytes);
    assertThat(parsed.toString()).isEqualTo(base58);
    assertThat(HEX.formatHex(parsed.toBytes())).isEqualTo(hex);
    assertThat(parsed.code()).isEqualTo(code);
    assertThat(parsed.digestLength()).isEqualTo(digestLength);
    assertThat(parsed.length()).isEqualTo(hex.length() / 2);
  }

  @Test
  void compute_sha256OfMultihash_isTheSpecExample() {
    Multihash mh = Multihash.compute(HashFunction.SHA2_256, "multihash".getBytes(UTF_8));

    assertThat(mh.toString()).isEqualTo("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk");
    assertThat(mh.function()).contains(HashFunction.SHA2_256);
    assertThat(mh.matches("multihash".getBytes(UTF_8))).isTrue();
    assertThat(mh.matches("multihash!".getBytes(UTF_8))).isFalse();
  }

  /**
   * Rows of the multihash spec's tests/values/test_cases.csv (the input is the ASCII text; "sha3"
   * there is sha3-512). Shorter lengths are truncated digests, which the spec allows.
   */
  @ParameterizedTest(name = "{0}/{1} of {2}")
  @CsvSource({
    "sha2-256, 256, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c,"
        + " 1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc17",
    "sha2-256, 160, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c,"
        + " 1214ffb31f07aa15348368c90c73a834dbf9f8710365",
    "sha2-256, 80, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 120affb31f07aa15348368c9",
    "sha2-512, 512, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c,"
        + " 1340abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350"
        + "b0f0e511ea6f5043a9f4a7c7886f93355652114709d75b2db4c33741124fd4fe",
    "sha2-512, 256, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c,"
        + " 1320abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350",
    "sha3-512, 512, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c,"
        + " 14409a7a8207a57d03e9c524ae7fd39563bfe1a466a3a0323875eba8b034a1d59c3b"
        + "7218103543f7777f17ef03dcaf44d12c74dfb83726e7425cf61225e9a54b3b3a",
    "sha3-512, 80, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 140a9a7a8207a57d03e9c524",
    "sha2-256, 256, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94,"
        + " 12203afa34fba2f3572ac56d80f52002e8727dd95f17a2e7c9376a3147a96d3e78ac",
    "sha2-512, 512, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94,"
        + " 13401c452c7d9f572510fa1a3224e37a3030c8750b3e1763f1ad0d38274b3ea58ca7"
        + "b4317dd0913250b4b16c9b0f6281aa74c42d8d5e72043e0fb214d3ad51d4ee8c",
    "sha3-512, 512, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94,"
        + " 1440968e697b2d5e92470002f9e59e13557f47b895dc9c79082a90e91515f0255637"
        + "73aec0f70219c87350c79707de67500866d7fe084c5316e12c6930949b28865d",
    "sha2-256, 256, 6c00022ba29d15926c4580332ded091e666f0ec5d9,"
        + " 1220ef387c6fea7ab702d470a9432c4cde44199c8d06c6eaa5a1f2c61cfb0b70a97f",
    "sha3-512, 160, 6c00022ba29d15926c4580332ded091e666f0ec5d9,"
        + " 141447f57e2056010afa03bc58141ba3754f41917518",
  })
  void fromBytesAndCompute_specTestCases_agree(String name, int bits, String input, String hex) {
    HashFunction f = HashFunction.ofName(name);
    byte[] data = input.getBytes(UTF_8);
    Multihash mh = Multihash.fromBytes(HEX.parseHex(hex));

    assertThat(mh.function()).contains(f);
    assertThat(mh.digestLength()).isEqualTo(bits / 8);
    assertThat(HEX.formatHex(mh.toBytes())).isEqualTo(hex);
    assertThat(mh.matches(data)).as("matches the input it was computed from").isTrue();
    if (bits / 8 == f.digestLength()) {
      assertThat(Multihash.compute(f, data)).isEqualTo(mh);
    }
  }

  @Test
  void fromBytes_sha1FromTheSpec_parsesAsAnUnknownFunctionAndRoundTrips() {
    Multihash mh =
        Multihash.fromBytes(HEX.parseHex("1114e861e452cfd84dca9a176258c3d06e020a0c93d8"));

    assertThat(mh.code()).isEqualTo(0x11);
    assertThat(mh.function()).isEmpty();
    assertThat(mh.matches("431fb5d4c9b735ba1a34d0df045118806ae2336f2c".getBytes(UTF_8)))
        .as("cannot be checked here")
        .isFalse();
    assertThat(HEX.formatHex(mh.toBytes()))
        .isEqualTo("1114e861e452cfd84dca9a176258c3d06e020a0c93d8");
  }

  @Test
  void of_identity_inlinesTheData() {
    Multihash mh = Multihash.of(HashFunction.IDENTITY, "hello".getBytes(UTF_8));

    assertThat(HEX.formatHex(mh.toBytes())).isEqualTo("000568656c6c6f");
    assertThat(mh.digest()).isEqualTo("hello".getBytes(UTF_8));
    assertThat(mh.matches("hello".getBytes(UTF_8))).isTrue();
  }

  @Test
  void compute_blake2b256_usesTheMultiByteCode() {
    Multihash mh = Multihash.compute(HashFunction.BLAKE2B_256, "abc".getBytes(UTF_8));

    assertThat(HEX.formatHex(mh.toBytes()))
        .isEqualTo("a0e40220bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    assertThat(Multihash.fromBytes(mh.toBytes()).function()).contains(HashFunction.BLAKE2B_256);
  }

  @Test
  void compute_everyFunction_hasItsDigestLength() {
    for (HashFunction f : HashFunction.values()) {
      Multihash mh = Multihash.compute(f, "x".getBytes(UTF_8));
      int expected = f == HashFunction.IDENTITY ? 1 : f.digestLength();

      assertThat(mh.digestLength()).as(f.specName()).isEqualTo(expected);
      assertThat(HashFunction.ofCode(f.code())).contains(f);
      assertThat(HashFunction.ofName(f.specName())).isEqualTo(f);
    }
  }

  @Test
  void read_atAnOffset_readsOneMultihash() {
    byte[] buf = HEX.parseHex("ff" + "000568656c6c6f" + "ee");
    Multihash mh = Multihash.read(buf, 1);

    assertThat(mh.length()).isEqualTo(7);
    assertThat(new String(mh.digest(), UTF_8)).isEqualTo("hello");
  }

  @Test
  void toBytesAndDigest_areCopies() {
    Multihash mh = Multihash.of(HashFunction.IDENTITY, new byte[] {1, 2});
    mh.toBytes()[0] = 9;
    mh.digest()[0] = 9;

    assertThat(mh.toBytes()).containsExactly(0, 2, 1, 2);
  }

  @Test
  void equalsAndCompareTo_areByTheBytes() {
    Multihash a = Multihash.of(HashFunction.IDENTITY, new byte[] {1});
    Multihash b = Multihash.of(0, new byte[] {1});
    Multihash c = Multihash.of(HashFunction.IDENTITY, new byte[] {2});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.compareTo(c)).isNegative();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "'', truncated",
    "80, truncated", // code varint cut short
    "12, truncated", // no length
    "1280, truncated", // length varint cut short
    "1220, 32", // no digest at all
    "1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc, 32", // one byte short
    "1221ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc1700, 33", // too long
    "1301ab00, trailing", // a valid multihash then one more byte
    "8100, minimal", // non-minimal code varint
  })
  void fromBytes_malformed_isRejectedNamingTheInput(String hex, String problem) {
    assertThatThrownBy(() -> Multihash.fromBytes(HEX.parseHex(hex)))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("multihash")
        .hasMessageContaining(hex.length() > 40 ? hex.substring(0, 40) : hex)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBB", // one character short
        "QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk1", // one character too many
        "QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBB0", // '0' is not base58
        "bciqjzpahyp4zc4syg2r2uksydsrafemyvjbaxhmzxqhbghm7hywl4ry", // base32, not base58
      })
  void parse_malformed_isRejectedNamingTheInput(String text) {
    assertThatThrownBy(() -> Multihash.parse(text))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining('"' + text + '"');
  }

  @Test
  void of_digestLongerThanTheFunction_isRejected() {
    assertThatThrownBy(() -> Multihash.of(HashFunction.SHA2_256, new byte[33]))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("sha2-256 digests are 32 bytes, got 33");
  }

  @Test
  void ofName_unknown_isRejectedNamingIt() {
    assertThatThrownBy(() -> HashFunction.ofName("md5"))
        .isInstanceOf(MultiformatException.class)
        .hasMessageContaining("\"md5\"");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 2024, 777777})
  void textAndBinary_randomMultihashes_roundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      Multihash mh;
      if (random.nextBoolean()) {
        HashFunction f = HashFunction.values()[random.nextInt(HashFunction.values().length)];
        byte[] data = new byte[random.nextInt(100)];
        random.nextBytes(data);
        mh = Multihash.compute(f, data);
      } else {
        long code = random.nextInt(1 << random.nextInt(24));
        byte[] digest = new byte[random.nextInt(70)];
        random.nextBytes(digest);
        mh =
            HashFunction.ofCode(code).isPresent()
                ? Multihash.of(0, digest)
                : Multihash.of(code, digest);
      }

      assertThat(Multihash.fromBytes(mh.toBytes())).isEqualTo(mh);
      assertThat(Multihash.parse(mh.toString())).isEqualTo(mh);
      assertThat(Multihash.parse(mh.toString()).toString()).isEqualTo(mh.toString());
    }
  }

  static List<OracleVectors.Row> oracleMultihashes() {
    return OracleVectors.read("multihash.tsv");
  }

  /**
   * 19 hash functions over 7 inputs (JS multiformats and @noble/hashes, cross-checked with
   * OpenSSL). Every row parses and prints like JS; for the functions we compute, our digest must be
   * theirs.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oracleMultihashes")
  void parseAndCompute_oracleMultihash_agreesWithJs(OracleVectors.Row row) {
    Multihash mh = Multihash.fromBytes(HEX.parseHex(row.get("multihash_hex")));

    assertThat(mh.code()).isEqualTo(Long.decode(row.get("code")));
    assertThat(mh.digestLength()).isEqualTo(Integer.parseInt(row.get("digest_len")));
    assertThat(HEX.formatHex(mh.digest())).isEqualTo(row.get("digest_hex"));
    assertThat(mh.toString()).isEqualTo(row.get("multihash_base58btc"));
    assertThat(Multihash.parse(row.get("multihash_base58btc"))).isEqualTo(mh);
    Optional<HashFunction> f = HashFunction.ofCode(mh.code());
    f.ifPresent(fn -> assertThat(fn.specName()).isEqualTo(row.get("hash")));
    if (f.isPresent()) {
      byte[] input = HEX.parseHex(row.get("input_hex"));
      assertThat(Multihash.compute(f.get(), input)).isEqualTo(mh);
      assertThat(mh.matches(input)).isTrue();
    }
  }

  @Test
  void oracleMultihashes_coverEveryFunctionWeCompute() {
    assertThat(oracleMultihashes())
        .extracting(r -> r.get("hash"))
        .containsAll(Arrays.stream(HashFunction.values()).map(HashFunction::specName).toList());
  }
}

package io.ipfscluster.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Blake2bTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  /** Bytes {@code i % 251}, the pattern that makes block boundaries visible. */
  private static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  /** RFC 7693, Appendix A: BLAKE2b-512("abc"). */
  @Test
  void digest512_rfc7693AppendixA_matches() {
    assertThat(hex(HashFunction.BLAKE2B_512.digest("abc".getBytes(UTF_8))))
        .isEqualTo(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  }

  @Test
  void digest256_abc_matchesTheReference() {
    assertThat(hex(HashFunction.BLAKE2B_256.digest("abc".getBytes(UTF_8))))
        .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  }

  /** The reference KATs (blake2b-kat.txt, unkeyed) for the empty message. */
  @Test
  void digest_emptyInput_matchesTheReferenceKats() {
    assertThat(hex(HashFunction.BLAKE2B_512.digest(new byte[0])))
        .isEqualTo(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
    assertThat(hex(HashFunction.BLAKE2B_256.digest(new byte[0])))
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  }

  @Test
  void digest512_quickBrownFox_matchesTheReference() {
    byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(UTF_8);

    assertThat(hex(HashFunction.BLAKE2B_512.digest(fox)))
        .isEqualTo(
            "a8add4bdddfd93e4877d2746e62817b116364a1fa7bc148d95090bc7333b3673"
                + "f82401cf7aa2e4cb1ecd90296e3f14cb5413f8ed77be73045b13914cdcd6a918");
  }

  /**
   * Lengths around the 128-byte block, where the last block must not be compressed before the final
   * flag is known. Expected values from Python's hashlib.blake2b (the reference C code).
   */
  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
    "1, 2fa3f686df876995167e7c2e5d74c4c7b6e48f8068fe0e44208344d480f7904c"
        + "36963e44115fe3eb2a3ac8694c28bcb4f5a0f3276f2e79487d8219057a506e4b, "
        + "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314",
    "127, b6292669ccd38d5f01caae96ba272c76a879a45743afa0725d83b9ebb26665b7"
        + "31f1848c52f11972b6644f554c064fa90780dbbbf3a89d4fc31f67df3e5857ef, "
        + "f2fe67ff342e21b8f45e8f2e0bcd1d9243245d50ee6c78042e9c491388791c72",
    "128, 2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e"
        + "8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115, "
        + "c3582f71ebb2be66fa5dd750f80baae97554f3b015663c8be377cfcb2488c1d1",
    "129, f59711d44a031d5f97a9413c065d1e614c417ede998590325f49bad2fd444d3e"
        + "4418be19aec4e11449ac1a57207898bc57d76a1bcf3566292c20c683a5c4648f, "
        + "f7f3c46ba2564ff4c4c162da1f5b605f9f1c4aa6a20652a9f9a337c1a2f5b9c9",
    "255, fe2c02da499516b0e9fb2dd70c49eb3629039f632e20a880946fb7bc97a7ab09"
        + "deb7d48774d7f0648141c9d9ede19ae6e0dbf07863a128cf4b00195f0f179f74, "
        + "d9ef0fc521b4266d16df662bec231bc2ec3989e7adeaf63169c295dc239dbbea",
    "256, 93463ac058b6163eb43be3f5bb32b28541498f4e3366f1effe253ad44e1e076e"
        + "41c3616046027c82a7124f8f4746668ad10b12e8e25a95ac8f3151df01cd5a93, "
        + "582f782226018ec33076bd8d1c42413530ac7e1126260ffc0f306ba3befc3f24",
    "257, 9ca40e2ddee9436dbbd08efc65dbaf4870059f5eb3d76efd20241ae5bf13c60f"
        + "250b882ea5c564838257a3fc95c496819ace2c6490b55b268535208dfc31822c, "
        + "227e15ed64ee8e93eb7bc53828f76eed974f2c4ab1408c3d08f212b7f8d69904",
    "1000, c11e1c0340bd7e5a1b275f1230c962fad215ecb1391486e74e31b960a2f29963"
        + "81a5fad092da06841d5f26e38f6ecfeaf441acbcd1c2de61aef121e7927175f5, "
        + "b372d0608f720c8c3dd41e9c8eecb10143b41abe520b616607e754bf79c08331",
  })
  void digest_lengthsAroundBlockBoundaries_matchTheReference(
      int length, String digest512, String digest256) {
    assertThat(hex(HashFunction.BLAKE2B_512.digest(pattern(length)))).isEqualTo(digest512);
    assertThat(hex(HashFunction.BLAKE2B_256.digest(pattern(length)))).isEqualTo(digest256);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 99, 31337})
  void update_inRandomChunks_equalsOneShotDigest(long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[random.nextInt(2000)];
    random.nextBytes(data);
    byte[] expected = HashFunction.BLAKE2B_512.digest(data);
    MessageDigest hasher = HashFunction.BLAKE2B_512.newHasher();

    int pos = 0;
    while (pos < data.length) {
      int n = Math.min(data.length - pos, random.nextInt(300));
      if (n == 1) {
        hasher.update(data[pos]);
      } else {
        hasher.update(data, pos, n);
      }
      pos += n;
    }

    assertThat(hasher.digest()).isEqualTo(expected);
  }

  @Test
  void digest_calledTwice_resetsBetweenMessages() {
    MessageDigest hasher = HashFunction.BLAKE2B_256.newHasher();
    byte[] first = hasher.digest("abc".getBytes(UTF_8));
    byte[] second = hasher.digest("abc".getBytes(UTF_8));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void clone_midMessage_continuesIndependently() throws CloneNotSupportedException {
    MessageDigest hasher = HashFunction.BLAKE2B_512.newHasher();
    hasher.update(pattern(200), 0, 130);
    MessageDigest copy = (MessageDigest) hasher.clone();
    hasher.update(pattern(200), 130, 70);
    copy.update(pattern(200), 130, 70);

    assertThat(copy.digest()).isEqualTo(hasher.digest()).isEqualTo(pattern200Digest());
  }

  private static byte[] pattern200Digest() {
    return HashFunction.BLAKE2B_512.digest(pattern(200));
  }

  @Test
  void newHasher_reportsItsDigestLength() {
    assertThat(HashFunction.BLAKE2B_256.newHasher().getDigestLength()).isEqualTo(32);
    assertThat(HashFunction.BLAKE2B_512.newHasher().getDigestLength()).isEqualTo(64);
  }

  @Test
  void constructor_digestLengthOutOfRange_isRejected() {
    assertThatThrownBy(() -> new Blake2b(65)).hasMessageContaining("65");
    assertThatThrownBy(() -> new Blake2b(0)).hasMessageContaining("0");
  }
}

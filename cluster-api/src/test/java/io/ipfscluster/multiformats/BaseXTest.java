package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaseXTest {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  /** The textbook definition: leading zero bytes as zero digits, then the number in the radix. */
  private static String reference(byte[] data, String alphabet) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, data);
    BigInteger radix = BigInteger.valueOf(alphabet.length());
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(radix);
      sb.append(alphabet.charAt(qr[1].intValue()));
      n = qr[0];
    }
    sb.append(String.valueOf(alphabet.charAt(0)).repeat(zeros));
    return sb.reverse().toString();
  }

  @Test
  void encode_knownVectors_matchTheBase58Spec() {
    assertThat(BaseX.BASE58_BTC.encode("Hello World!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(BaseX.BASE58_BTC.encode(HexFormat.of().parseHex("0000287fb4cd")))
        .isEqualTo("11233QC4");
    assertThat(BaseX.BASE58_BTC.encode(new byte[0])).isEmpty();
    assertThat(BaseX.BASE58_BTC.encode(new byte[3])).isEqualTo("111");
  }

  @Test
  void encodeAndDecode_randomData_matchTheReferenceAndRoundTrip() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5000; i++) {
      byte[] data = new byte[random.nextInt(70)];
      random.nextBytes(data);
      for (int z = random.nextInt(4) - 1; z >= 0 && z < data.length; z--) {
        data[z] = 0; // some inputs start with zero bytes
      }
      if (random.nextInt(8) == 0 && data.length > 0) {
        data[data.length - 1] = 0; // and some end with them
      }
      String b58 = BaseX.BASE58_BTC.encode(data);
      String b36 = BaseX.BASE36_LOWER.encode(data);
      assertThat(b58).isEqualTo(reference(data, BASE58));
      assertThat(b36).isEqualTo(reference(data, BASE36));
      assertThat(BaseX.BASE36_UPPER.encode(data)).isEqualTo(b36.toUpperCase());
      assertThat(BaseX.BASE58_BTC.decode(b58)).isEqualTo(data);
      assertThat(BaseX.BASE36_LOWER.decode(b36)).isEqualTo(data);
      assertThat(BaseX.BASE36_UPPER.decode(b36.toUpperCase())).isEqualTo(data);
    }
  }

  @Test
  void decode_onlyZeroDigits_givesZeroBytes() {
    assertThat(BaseX.BASE58_BTC.decode("1111")).isEqualTo(new byte[4]);
    assertThat(BaseX.BASE58_BTC.decode("")).isEmpty();
  }

  @Test
  void decode_invalidCharacter_namesItAndItsPosition() {
    assertThatThrownBy(() -> BaseX.BASE58_BTC.decode("12ab0c"))
        .isInstanceOf(MultiformatException.class)
        .hasMessage("invalid base58btc character '0' at position 4");
    assertThatThrownBy(() -> BaseX.BASE58_BTC.decode("abcdefghé"))
        .hasMessage("invalid base58btc character 'é' at position 8");
    assertThatThrownBy(() -> BaseX.BASE36_LOWER.decode("abc!"))
        .hasMessage("invalid base36 character '!' at position 3");
  }
}

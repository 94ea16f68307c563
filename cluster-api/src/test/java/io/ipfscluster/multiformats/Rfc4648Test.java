package io.ipfscluster.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc4648Test {
  private static final String[] INPUTS = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void encode_rfc4648TestVectors_match() {
    String[] base32Pad = {
      "", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"
    };
    for (int i = 0; i < INPUTS.length; i++) {
      byte[] data = ascii(INPUTS[i]);
      assertThat(Rfc4648.BASE32_PAD_UPPER.encode(data)).isEqualTo(base32Pad[i]);
      assertThat(Rfc4648.BASE32_PAD_LOWER.encode(data)).isEqualTo(base32Pad[i].toLowerCase());
      assertThat(Rfc4648.BASE32_UPPER.encode(data)).isEqualTo(base32Pad[i].replace("=", ""));
      assertThat(Rfc4648.BASE16_UPPER.encode(data))
          .isEqualTo(HexFormat.of().withUpperCase().formatHex(data));
      assertThat(Rfc4648.BASE16_LOWER.encode(data)).isEqualTo(HexFormat.of().formatHex(data));
    }
  }

  @Test
  void encodeThenDecode_randomData_roundTrips() {
    SplittableRandom random = new SplittableRandom(11);
    Rfc4648[] codecs = {
      Rfc4648.BASE16_LOWER,
      Rfc4648.BASE16_UPPER,
      Rfc4648.BASE32_LOWER,
      Rfc4648.BASE32_UPPER,
      Rfc4648.BASE32_PAD_LOWER,
      Rfc4648.BASE32_PAD_UPPER
    };
    for (int i = 0; i < 2000; i++) {
      byte[] data = new byte[random.nextInt(50)];
      random.nextBytes(data);
      for (Rfc4648 codec : codecs) {
        assertThat(codec.decode(codec.encode(data))).isEqualTo(data);
      }
    }
  }
}

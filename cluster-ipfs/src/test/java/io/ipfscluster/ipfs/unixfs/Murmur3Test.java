package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** MurmurHash3_x64_128 reference values (first 64-bit half, seed 0). */
class Murmur3Test {
  @Test
  void hash64_matchesReferenceValues() {
    assertThat(Murmur3.hash64(new byte[0])).isEqualTo(0L);
    assertThat(Murmur3.hash64("hello".getBytes(UTF_8))).isEqualTo(0xcbd8a7b341bd9b02L);
    assertThat(Murmur3.hash64("The quick brown fox jumps over the lazy dog".getBytes(UTF_8)))
        .isEqualTo(0xe34bbc7bbc071b6cL);
  }
}

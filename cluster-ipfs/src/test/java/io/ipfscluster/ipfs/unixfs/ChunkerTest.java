package io.ipfscluster.ipfs.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  @Test
  void parse_acceptsKubosNames() {
    assertThat(ChunkerSpec.parse("")).isEqualTo(new ChunkerSpec.Fixed(262144));
    assertThat(ChunkerSpec.parse("default")).isEqualTo(new ChunkerSpec.Fixed(262144));
    assertThat(ChunkerSpec.parse("size-1024")).isEqualTo(new ChunkerSpec.Fixed(1024));
    assertThat(ChunkerSpec.parse("rabin")).isEqualTo(new ChunkerSpec.Rabin(87381, 262144, 393216));
    assertThat(ChunkerSpec.parse("rabin-4096")).isEqualTo(new ChunkerSpec.Rabin(1365, 4096, 6144));
    assertThat(ChunkerSpec.parse("rabin-16-32-64")).isEqualTo(new ChunkerSpec.Rabin(16, 32, 64));
    assertThat(ChunkerSpec.parse("rabin-min:16-avg:32-max:64"))
        .isEqualTo(new ChunkerSpec.Rabin(16, 32, 64));
    assertThat(ChunkerSpec.parse("buzhash")).isEqualTo(new ChunkerSpec.Buzhash());
  }

  @Test
  void parse_rejectsWhatKuboRejects() {
    assertRejected("size-0", "chunker size must be greater than 0");
    assertRejected("size-2096897", "maximum chunk size of 2096896");
    assertRejected("size", "incorrect chunker string format");
    assertRejected("size-x", "is not a number");
    assertRejected("rabin-12-512-1024", "rabin min must be greater than 16");
    assertRejected("rabin-64-32-128", "rabin-min must be smaller than rabin-avg");
    assertRejected("rabin-16-128-64", "rabin-avg must be smaller than rabin-max");
    assertRejected("rabin-1-2", "incorrect format (expected 'rabin'");
    assertRejected("rabin-max:16-avg:32-max:64", "first label must be min");
    assertRejected("rabin-1398102", "maximum chunk size");
    assertRejected("fastcdc", "unrecognized chunker option: fastcdc");
  }

  private static void assertRejected(String name, String message) {
    assertThatThrownBy(() -> ChunkerSpec.parse(name))
        .as(name)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void fixedSize_cutsExactSizesAndAShorterLast() throws IOException {
    List<byte[]> chunks =
        chunks(new FixedSizeChunker(new ByteArrayInputStream(new byte[2500]), 1000));

    assertThat(chunks).extracting(c -> c.length).containsExactly(1000, 1000, 500);
    assertThat(chunks(new FixedSizeChunker(new ByteArrayInputStream(new byte[0]), 1000))).isEmpty();
  }

  @Test
  void buzhashTable_isKubosTable() throws Exception {
    for (int bit = 0; bit < 32; bit++) {
      int ones = 0;
      for (int v : BuzhashTable.VALUES) {
        ones += (v >>> bit) & 1;
      }
      assertThat(ones).as("bit %d", bit).isEqualTo(128);
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int v : BuzhashTable.VALUES) {
      sha.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
    assertThat(java.util.HexFormat.of().formatHex(sha.digest()))
        .isEqualTo("3bac776138fbc00286f2e800a9bce9bede64d199c520c7721814a873372f5456");
  }

  @Test
  void buzhash_chunksBetween128And512KiBAndCoverTheInput() throws IOException {
    byte[] data = new byte[6 << 20];
    new Random(5).nextBytes(data);

    List<byte[]> chunks = chunks(new BuzhashChunker(new ByteArrayInputStream(data)));

    long total = 0;
    for (int i = 0; i < chunks.size(); i++) {
      int n = chunks.get(i).length;
      assertThat(n).isLessThanOrEqualTo(BuzhashChunker.MAX);
      if (i < chunks.size() - 1) {
        assertThat(n).isGreaterThanOrEqualTo(BuzhashChunker.MIN);
      }
      total += n;
    }
    assertThat(total).isEqualTo(data.length);
    assertThat(chunks.size()).isBetween(12, 40);
  }

  @Test
  void buzhash_smallInputs_areOneChunk() throws IOException {
    assertThat(chunks(new BuzhashChunker(new ByteArrayInputStream(new byte[100])))).hasSize(1);
    assertThat(chunks(new BuzhashChunker(new ByteArrayInputStream(new byte[0])))).isEmpty();
  }

  @Test
  void buzhash_zeros_cutWhereTheRotatingStateFirstMatches() throws IOException {
    // over zeros, the window hash is the fold of one table value and each slide only rotates it
    int t0 = BuzhashTable.VALUES[0];
    int state = 0;
    for (int i = 0; i < 32; i++) {
      state = Integer.rotateLeft(state, 1) ^ t0;
    }
    int expected = BuzhashChunker.MAX;
    for (int k = 0; k < 32; k++) {
      if ((Integer.rotateLeft(state, k) & ((1 << 17) - 1)) == 0) {
        expected = BuzhashChunker.MIN + k;
        break;
      }
    }

    List<byte[]> chunks = chunks(new BuzhashChunker(new ByteArrayInputStream(new byte[1 << 20])));

    assertThat(chunks.get(0)).hasSize(expected);
    assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(1 << 20);
  }

  static List<byte[]> chunks(Chunker c) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (byte[] chunk = c.next(); chunk != null; chunk = c.next()) {
      out.add(chunk);
    }
    return out;
  }
}

package io.ipfscluster.ipfs.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.ipfs.ipld.BlockSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RabinChunkerTest {
  /** The polynomial rabin-wasm 0.1.5 (js-ipfs's rabin) hardcodes, whatever it is passed. */
  private static final long RABIN_WASM_POLYNOMIAL = 0x3DA3358B4DC173L;

  /**
   * js-ipfs 0.66 runs the same algorithm with another polynomial (and no skip of the first min-16
   * bytes, which does not change any fingerprint once 16 bytes are in the window). With
   * rabin-wasm's polynomial, our chunker must reproduce every js-ipfs {@code rabin-16-32-64} row:
   * an independent check of the tables, the window, the reset and the cut rule.
   */
  @Test
  void chunks_withRabinWasmPolynomial_matchJsIpfsRows() throws IOException {
    RabinChunker.Tables js = new RabinChunker.Tables(RABIN_WASM_POLYNOMIAL);
    int checked = 0;
    for (Vectors.Row row : Vectors.read("unixfs-add.tsv")) {
      if (!row.get("options").equals("chunker=rabin-16-32-64")) {
        continue;
      }
      InputStream in = OracleInputs.stream(row.get("input_id"));
      DagNode root =
          new FileDagBuilder(
                  new RabinChunker(in, 16, 32, 64, js),
                  ImportOptions.defaults(),
                  BlockSink.discard(),
                  n -> {})
              .build(Layout.BALANCED);
      assertThat(root.cid().toString()).as("line %d", row.line()).isEqualTo(row.get("cid_base32"));
      assertThat(root.cumulativeSize()).isEqualTo(Long.parseLong(row.get("size_field")));
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void chunks_respectMinAndMaxAndCoverTheInput() throws IOException {
    byte[] data = new byte[3 << 20];
    new Random(7).nextBytes(data);
    List<byte[]> chunks =
        ChunkerTest.chunks(new RabinChunker(new ByteArrayInputStream(data), 1000, 4096, 8000));

    long total = 0;
    for (int i = 0; i < chunks.size(); i++) {
      int n = chunks.get(i).length;
      assertThat(n).isLessThanOrEqualTo(8000);
      if (i < chunks.size() - 1) {
        assertThat(n).isGreaterThanOrEqualTo(1000);
      }
      total += n;
    }
    assertThat(total).isEqualTo(data.length);
    assertThat(data.length / chunks.size()).as("average chunk").isBetween(2000, 7000);
  }

  @Test
  void chunks_areContentDefined_soAnInsertionShiftsOnlyNearbyBoundaries() throws IOException {
    byte[] data = new byte[1 << 20];
    new Random(11).nextBytes(data);
    byte[] shifted = new byte[data.length + 1];
    System.arraycopy(data, 0, shifted, 1, data.length);

    List<byte[]> a =
        ChunkerTest.chunks(new RabinChunker(new ByteArrayInputStream(data), 1024, 4096, 65536));
    List<byte[]> b =
        ChunkerTest.chunks(new RabinChunker(new ByteArrayInputStream(shifted), 1024, 4096, 65536));

    assertThat(a).hasSameSizeAs(b).hasSizeGreaterThan(100);
    assertThat(b.get(0)).hasSize(a.get(0).length + 1);
    for (int i = 1; i < a.size(); i++) {
      assertThat(b.get(i)).as("chunk %d", i).isEqualTo(a.get(i));
    }
  }

  @Test
  void minBelowWindow_makesTheRestOneChunk_asKuboDoes() throws IOException {
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);

    List<byte[]> chunks =
        ChunkerTest.chunks(ChunkerSpec.parse("rabin-32").open(new ByteArrayInputStream(data)));

    assertThat(chunks).hasSize(1);
  }
}

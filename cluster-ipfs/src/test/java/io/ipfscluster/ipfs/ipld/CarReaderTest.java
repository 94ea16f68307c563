package io.ipfscluster.ipfs.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CAR reading against kubo's own fixtures (test/cli/fixtures/TestDagStat*.car: a dag-cbor root with
 * two children sharing a third block), and writing by round trip.
 */
class CarReaderTest {
  private static final Cid ROOT =
      Cid.parse("bafyreifrm6uf5o4dsaacuszf35zhibyojlqclabzrms7iak67pf62jygaq");
  private static final Cid NODE1 =
      Cid.parse("bafyreibmdfd7c5db4kls4ty57zljfhqv36gi43l6txl44pi423wwmeskwy");
  private static final Cid NODE2 =
      Cid.parse("bafyreie3njilzdi4ixumru4nzgecsnjtu7fzfcwhg7e6s4s5i7cnbslvn4");

  @Test
  void read_carV1Fixture_yieldsVerifiedBlocksThatDecodeAsDagCbor() throws IOException {
    List<Block> blocks = readAll(resource("kubo-TestDagStat.car"), 1);

    assertThat(blocks).extracting(Block::cid).contains(ROOT, NODE1, NODE2).hasSize(4);
    for (Block b : blocks) {
      assertThat(b.verify()).isTrue();
      Object decoded = DagCbor.decode(b.data());
      assertThat(DagCbor.encode(decoded))
          .as("canonical re-encoding of %s", b.cid())
          .isEqualTo(b.data());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) DagCbor.decode(blocks.get(0).data());
    assertThat(root).containsEntry("node1", NODE1).containsEntry("node2", NODE2);
  }

  @Test
  void read_carV2Fixture_readsTheInnerV1Payload() throws IOException {
    List<Block> v2 = readAll(resource("kubo-TestDagStatCARv2.car"), 2);
    List<Block> v1 = readAll(resource("kubo-TestDagStat.car"), 1);

    assertThat(v2).extracting(Block::cid).containsExactlyElementsOf(cids(v1));
  }

  @Test
  void write_thenRead_roundTrips() throws IOException {
    CidPrefix raw = CidPrefix.v1(Multicodec.RAW, HashFunction.SHA2_256);
    List<Block> blocks = List.of(raw.block(new byte[] {1, 2, 3}), raw.block(new byte[0]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(out, List.of(blocks.get(0).cid()));
    for (Block b : blocks) {
      writer.write(b);
    }

    try (CarReader reader = CarReader.open(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(reader.roots()).containsExactly(blocks.get(0).cid());
      assertThat(reader.next().cid()).isEqualTo(blocks.get(0).cid());
      assertThat(reader.next().data()).isEmpty();
      assertThat(reader.next()).isNull();
      assertThat(reader.offset()).isEqualTo(writer.bytesWritten());
    }
  }

  @Test
  void read_corruptBlock_namesTheCidAndOffset() throws IOException {
    byte[] car = resource("kubo-TestDagStat.car");
    byte[] corrupt = car.clone();
    corrupt[corrupt.length - 1] ^= 1; // last byte of the last block

    assertThatThrownBy(() -> readAll(corrupt, 1))
        .isInstanceOf(IpldException.class)
        .hasMessageContaining("does not match its hash")
        .satisfies(e -> assertThat(((IpldException) e).cid()).isNotNull())
        .satisfies(e -> assertThat(((IpldException) e).offset()).isPositive());
  }

  @Test
  void read_truncatedFile_failsAtEveryCut() {
    byte[] car = resource("kubo-TestDagStat.car");
    int headerEnd = 1 + (car[0] & 0xFF);
    for (int cut = 1; cut < car.length; cut++) {
      byte[] truncated = Arrays.copyOf(car, cut);
      if (isSectionBoundary(car, cut)) {
        continue;
      }
      assertThatThrownBy(() -> readAll(truncated, 1))
          .as("cut at %d (header ends at %d)", cut, headerEnd)
          .isInstanceOf(IpldException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void read_truncatedCarV2Payload_isAnError() {
    byte[] car = resource("kubo-TestDagStatCARv2.car");
    byte[] truncated = Arrays.copyOf(car, 0x1c5); // ends exactly after the last section

    // the index is gone but the payload is complete: fine
    assertThat(cids(uncheckedReadAll(truncated))).hasSize(4);
    byte[] shorter = Arrays.copyOf(car, 0x150);
    assertThatThrownBy(() -> readAll(shorter, 2)).hasMessageContaining("truncated");
  }

  @Test
  void open_badHeaders_areRejected() {
    assertThatThrownBy(() -> CarReader.open(new ByteArrayInputStream(new byte[0])))
        .hasMessageContaining("empty input");
    byte[] v3 = header(Map.of("version", 3L, "roots", List.of()));
    assertThatThrownBy(() -> CarReader.open(new ByteArrayInputStream(v3)))
        .hasMessageContaining("unsupported version 3");
    byte[] noRoots = header(Map.of("version", 1L));
    assertThatThrownBy(() -> CarReader.open(new ByteArrayInputStream(noRoots)))
        .hasMessageContaining("no roots");
  }

  private static byte[] header(Map<String, Object> header) {
    byte[] h = DagCbor.encode(header);
    byte[] out = new byte[h.length + 1];
    out[0] = (byte) h.length;
    System.arraycopy(h, 0, out, 1, h.length);
    return out;
  }

  /** True when {@code cut} bytes hold a whole v1 file up to some section end. */
  private static boolean isSectionBoundary(byte[] car, int cut) {
    int pos = 1 + (car[0] & 0xFF);
    while (pos < cut) {
      int len = 0;
      int shift = 0;
      int b;
      do {
        b = car[pos++] & 0xFF;
        len |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      pos += len;
    }
    return pos == cut;
  }

  private static List<Block> readAll(byte[] car, int version) throws IOException {
    try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
      assertThat(reader.version()).isEqualTo(version);
      assertThat(reader.roots()).containsExactly(ROOT);
      List<Block> out = new ArrayList<>();
      for (Block b = reader.next(); b != null; b = reader.next()) {
        out.add(b);
      }
      assertThat(reader.blockCount()).isEqualTo(out.size());
      return out;
    }
  }

  private static List<Block> uncheckedReadAll(byte[] car) {
    try {
      return readAll(car, 2);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Cid> cids(List<Block> blocks) {
    return blocks.stream().map(Block::cid).toList();
  }

  static byte[] resource(String name) {
    try (InputStream in = CarReaderTest.class.getResourceAsStream("/ipld/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

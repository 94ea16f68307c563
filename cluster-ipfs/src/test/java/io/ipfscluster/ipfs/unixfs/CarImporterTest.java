package io.ipfscluster.ipfs.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.ipld.CidPrefix;
import io.ipfscluster.ipfs.ipld.IpldException;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarImporterTest {

  @Test
  void importCar_reportsRootBytesAndUnixfsSize() throws IOException {
    MemoryBlockSink source = new MemoryBlockSink();
    AddedOutput file =
        UnixfsImporter.importAll(
            ImportOptions.defaults().withChunker("size-1000"),
            source,
            o -> {},
            List.of(ImportEntry.file("f", OracleInputs.stream("prng-1048577"))));
    List<AddedOutput> events = new ArrayList<>();
    MemoryBlockSink sink = new MemoryBlockSink();

    AddedOutput out =
        CarImporter.importCar(
            "f.car", car(List.of(file.cid()), source.blocks()), sink, events::add);

    assertThat(events).containsExactly(out);
    assertThat(out.name()).isEqualTo("f.car");
    assertThat(out.cid()).isEqualTo(file.cid());
    assertThat(out.bytes()).isEqualTo(source.totalBytes());
    assertThat(out.size()).isEqualTo(1048577);
    assertThat(sink.size()).isEqualTo(source.size());
  }

  @Test
  void importCar_ofKubosCarV2Fixture_passesItsDagCborBlocks() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();

    AddedOutput out =
        CarImporter.importCar("x", resource("/ipld/kubo-TestDagStatCARv2.car"), sink, o -> {});

    assertThat(out.cid())
        .hasToString("bafyreifrm6uf5o4dsaacuszf35zhibyojlqclabzrms7iak67pf62jygaq");
    assertThat(out.size()).isZero();
    assertThat(sink.size()).isEqualTo(4);
  }

  @Test
  void importCar_needsExactlyOneRoot() throws IOException {
    Block a = raw(new byte[] {1});
    Block b = raw(new byte[] {2});

    assertThatThrownBy(
            () ->
                CarImporter.importCar(
                    "x",
                    car(List.of(a.cid(), b.cid()), List.of(a, b)),
                    BlockSink.discard(),
                    o -> {}))
        .hasMessage("only CAR files with a single root are supported");
    assertThatThrownBy(
            () ->
                CarImporter.importCar(
                    "x", car(List.of(), List.of(a)), BlockSink.discard(), o -> {}))
        .hasMessage("only CAR files with a single root are supported");
  }

  @Test
  void importCar_rejectsUndecodableBlocksAndUnknownCodecs() throws IOException {
    Block badPb = CidPrefix.V0.block(new byte[] {0x0a, 0x05});
    assertThatThrownBy(
            () ->
                CarImporter.importCar(
                    "x", car(List.of(badPb.cid()), List.of(badPb)), BlockSink.discard(), o -> {}))
        .isInstanceOf(IpldException.class)
        .hasMessageContaining("does not decode");

    Block git = CidPrefix.v1(Multicodec.GIT_RAW, HashFunction.SHA2_256).block(new byte[] {1});
    assertThatThrownBy(
            () ->
                CarImporter.importCar(
                    "x", car(List.of(git.cid()), List.of(git)), BlockSink.discard(), o -> {}))
        .hasMessageContaining("unsupported codec 0x78");
  }

  @Test
  void importCar_aDagPbRootThatIsNotUnixfs_hasSizeZero() throws IOException {
    Block node = CidPrefix.V0.block(new byte[] {0x0a, 0x01, (byte) 0xff});

    AddedOutput out =
        CarImporter.importCar(
            "x", car(List.of(node.cid()), List.of(node)), BlockSink.discard(), o -> {});

    assertThat(out.size()).isZero();
  }

  private static Block raw(byte[] data) {
    return CidPrefix.v1(Multicodec.RAW, HashFunction.SHA2_256).block(data);
  }

  private static InputStream car(List<Cid> roots, List<Block> blocks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter w = new CarWriter(out, roots);
    for (Block b : blocks) {
      w.write(b);
    }
    return new ByteArrayInputStream(out.toByteArray());
  }

  private static InputStream resource(String name) {
    return CarImporterTest.class.getResourceAsStream(name);
  }
}

package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.ipld.UnixfsType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixfsImporterTest {
  private static final ImportOptions KUBO = ImportOptions.defaults();

  @Test
  void add_file_emitsOneOutputAndWritesTheRootLast() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    List<AddedOutput> events = new ArrayList<>();

    AddedOutput root =
        UnixfsImporter.importAll(
            KUBO, sink, events::add, List.of(ImportEntry.file("big.bin", prng(600_000))));

    assertThat(events).containsExactly(root);
    assertThat(root.name()).isEqualTo("big.bin");
    assertThat(sink.blocks()).hasSize(4).last().extracting(Block::cid).isEqualTo(root.cid());
    assertThat(root.size()).isEqualTo(sink.totalBytes());
  }

  @Test
  void add_directoryTree_emitsFilesAsAddedThenDirectoriesChildrenFirst(@TempDir Path dir)
      throws IOException {
    Path tree = OracleInputs.writeTree(dir);
    List<String> names = new ArrayList<>();

    try (LocalFiles.Entries entries = LocalFiles.entries(List.of(tree), true, true)) {
      UnixfsImporter.importAll(KUBO, BlockSink.discard(), o -> names.add(o.name()), entries);
    }

    assertThat(names)
        .containsExactly(
            "tree/.hidden",
            "tree/a.txt",
            "tree/b.bin",
            "tree/empty.txt",
            "tree/sub/.dotdir/e.txt",
            "tree/sub/big.bin",
            "tree/sub/c.txt",
            "tree/sub/deeper/d.txt",
            "tree/empty-dir",
            "tree/sub/.dotdir",
            "tree/sub/deeper",
            "tree/sub",
            "tree");
  }

  @Test
  void blocks_reachTheSinkChildrenBeforeParents() throws IOException {
    Set<Cid> seen = new HashSet<>();
    BlockSink checking =
        block -> {
          if (block.cid().codec() == Multicodec.DAG_PB.code()) {
            for (PbLink link : PbNode.decode(block.data()).links()) {
              assertThat(seen).as("child of %s", block.cid()).contains(link.cid());
            }
          }
          seen.add(block.cid());
        };
    UnixfsImporter importer = new UnixfsImporter(KUBO.withChunker("size-1024"), checking, o -> {});
    importer.add(ImportEntry.file("d/a", prng(200_000)));
    importer.add(ImportEntry.file("d/e/b", prng(3000)));
    importer.finish();

    assertThat(seen).hasSizeGreaterThan(180);
  }

  @Test
  void progress_reportsEvery256KiBAndTheEnd() throws IOException {
    List<AddedOutput> events = new ArrayList<>();

    UnixfsImporter.importAll(
        KUBO.withProgress(true),
        BlockSink.discard(),
        events::add,
        List.of(ImportEntry.file("dir/f", prng(600_000))));

    assertThat(events)
        .filteredOn(o -> o.cid() == null)
        .extracting(AddedOutput::name, AddedOutput::bytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dir/f", 262144L),
            org.assertj.core.groups.Tuple.tuple("dir/f", 524288L),
            org.assertj.core.groups.Tuple.tuple("dir/f", 600000L));
  }

  @Test
  void withoutWrap_eachTopLevelNameIsAnItem_andTheLastIsTheResult() throws IOException {
    List<String> names = new ArrayList<>();
    UnixfsImporter importer =
        new UnixfsImporter(KUBO, BlockSink.discard(), o -> names.add(o.name()));
    importer.add(ImportEntry.file("a.txt", text("a")));
    importer.add(ImportEntry.file("d/b.txt", text("b")));
    importer.add(ImportEntry.file("a.txt", text("a again")));

    AddedOutput result = importer.finish();

    assertThat(names).containsExactly("a.txt", "d/b.txt", "d", "a.txt");
    assertThat(result.name()).isEqualTo("a.txt");
  }

  @Test
  void wrap_putsEveryEntryInOneUnnamedDirectory() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    List<String> names = new ArrayList<>();
    UnixfsImporter importer =
        new UnixfsImporter(KUBO.withWrap(true), sink, o -> names.add(o.name()));
    importer.add(ImportEntry.file("a.txt", text("a")));
    importer.add(ImportEntry.file("d/b.txt", text("b")));
    importer.add(ImportEntry.symlink("link", "a.txt"));

    AddedOutput root = importer.finish();

    assertThat(root.name()).isEmpty();
    assertThat(names).containsExactly("a.txt", "d/b.txt", "link", "d", "");
    PbNode wrapper = PbNode.decode(sink.get(root.cid()).data());
    assertThat(wrapper.links()).extracting(PbLink::name).containsExactly("a.txt", "d", "link");
  }

  @Test
  void symlink_isAUnixfsSymlinkNode() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();

    AddedOutput link =
        UnixfsImporter.importAll(
            KUBO, sink, o -> {}, List.of(ImportEntry.symlink("l", "../target")));

    UnixfsData data = UnixfsData.decode(PbNode.decode(sink.get(link.cid()).data()).data());
    assertThat(data.type()).isEqualTo(UnixfsType.SYMLINK);
    assertThat(new String(data.data(), UTF_8)).isEqualTo("../target");
    assertThat(data.fileSize()).isNull();
  }

  @Test
  void emptyDirectories_areLinked() throws IOException {
    AddedOutput root =
        UnixfsImporter.importAll(
            KUBO, BlockSink.discard(), o -> {}, List.of(ImportEntry.directory("/e/./")));

    assertThat(root.name()).isEqualTo("e");
    assertThat(root.cid()).hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  }

  @Test
  void shardedDirectory_holdsEveryEntry() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    List<ImportEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      entries.add(ImportEntry.file("d/name-" + i, text(Integer.toString(i % 7))));
    }

    AddedOutput root =
        UnixfsImporter.importAll(KUBO.withHamtShardingSize(1000), sink, o -> {}, entries);

    Set<String> names = new HashSet<>();
    collectHamtNames(sink, root.cid(), names);
    assertThat(names).hasSize(3000).contains("name-0", "name-2999");
  }

  private static void collectHamtNames(MemoryBlockSink sink, Cid cid, Set<String> names) {
    PbNode node = PbNode.decode(sink.get(cid).data());
    UnixfsData data = UnixfsData.decode(node.data());
    assertThat(data.type()).isEqualTo(UnixfsType.HAMT_SHARD);
    assertThat(data.fanout()).isEqualTo(256L);
    assertThat(data.hashType()).isEqualTo(0x22L);
    for (PbLink link : node.links()) {
      if (link.name().length() == 2) {
        collectHamtNames(sink, link.cid(), names);
      } else {
        names.add(link.name().substring(2));
      }
    }
  }

  @Test
  void badEntries_areRejectedWithThePath() throws IOException {
    UnixfsImporter importer = new UnixfsImporter(KUBO, BlockSink.discard(), o -> {});
    importer.add(ImportEntry.file("d/a", text("a")));

    assertThatThrownBy(() -> importer.add(ImportEntry.file("d/a", text("again"))))
        .hasMessageContaining("duplicate entry \"d/a\"");
    assertThatThrownBy(() -> importer.add(ImportEntry.file("d/a/b", text("b"))))
        .hasMessageContaining("\"d/a/b\" runs through \"d/a\", which is a file");
    assertThatThrownBy(() -> importer.add(ImportEntry.file("d/../x", text("x"))))
        .hasMessageContaining("must not contain \"..\"");
    assertThatThrownBy(() -> importer.add(ImportEntry.directory("/")))
        .hasMessageContaining("an entry needs a name");
  }

  @Test
  void finish_withoutEntries_isAnError_andAddAfterFinishToo() throws IOException {
    UnixfsImporter importer = new UnixfsImporter(KUBO, BlockSink.discard(), o -> {});

    assertThatThrownBy(importer::finish).hasMessageContaining("nothing to add");
    assertThatThrownBy(() -> importer.add(ImportEntry.file("a", text("a"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sinkFailure_stopsTheImport() {
    BlockSink failing =
        block -> {
          throw new IOException("disk full");
        };

    assertThatThrownBy(
            () ->
                UnixfsImporter.importAll(
                    KUBO, failing, o -> {}, List.of(ImportEntry.file("a", text("a")))))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  @Test
  void localFiles_withoutRecursive_refuseDirectories(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("d"));

    assertThatThrownBy(() -> LocalFiles.entries(List.of(dir.resolve("d")), false, false))
        .hasMessageContaining("is a directory, use the '-r' flag");
  }

  @Test
  void localFiles_keepAnExplicitlyNamedHiddenPath(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".hello.txt"), "Hello Worlds!\n");

    List<String> paths = new ArrayList<>();
    try (LocalFiles.Entries entries =
        LocalFiles.entries(List.of(dir.resolve(".hello.txt")), false, false)) {
      AddedOutput out =
          UnixfsImporter.importAll(KUBO, BlockSink.discard(), o -> paths.add(o.name()), entries);
      assertThat(out.cid()).hasToString("QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");
    }
    assertThat(paths).containsExactly(".hello.txt");
  }

  @Test
  void fromAddParams_followsKuboAndTheClusterClient() {
    ImportOptions defaults = ImportOptions.fromAddParams(AddParams.defaults());
    assertThat(defaults).isEqualTo(KUBO);

    ImportOptions v1 = ImportOptions.fromAddParams(query("cid-version", "1"));
    assertThat(v1.cidVersion()).isEqualTo(1);
    assertThat(v1.rawLeaves()).isTrue();
    assertThat(
            ImportOptions.fromAddParams(query("cid-version", "1", "raw-leaves", "false"))
                .rawLeaves())
        .isFalse();

    ImportOptions blake = ImportOptions.fromAddParams(query("hash", "BLAKE2B-256"));
    assertThat(blake.hash()).isEqualTo(HashFunction.BLAKE2B_256);
    assertThat(blake.cidVersion()).isEqualTo(1);
    assertThat(blake.rawLeaves()).isTrue();

    ImportOptions trickle =
        ImportOptions.fromAddParams(
            query(
                "layout",
                "trickle",
                "chunker",
                "buzhash",
                "wrap-with-directory",
                "true",
                "progress",
                "true"));
    assertThat(trickle.layout()).isEqualTo(Layout.TRICKLE);
    assertThat(trickle.chunker()).isEqualTo("buzhash");
    assertThat(trickle.wrap()).isTrue();
    assertThat(trickle.progress()).isTrue();
  }

  @Test
  void options_rejectWhatKuboRejects() {
    assertThatThrownBy(() -> ImportOptions.fromAddParams(query("hash", "md5")))
        .hasMessage("unrecognized hash function: \"md5\"");
    assertThatThrownBy(() -> ImportOptions.fromAddParams(query("chunker", "size-0")))
        .hasMessage("chunker size must be greater than 0");
    assertThatThrownBy(() -> ImportOptions.fromAddParams(query("nocopy", "true")))
        .hasMessageContaining("nocopy is not supported");
    assertThatThrownBy(() -> KUBO.withCid(0, HashFunction.SHA3_512))
        .hasMessage("CIDv0 only supports sha2-256");
    assertThatThrownBy(() -> KUBO.withCid(1, HashFunction.IDENTITY))
        .hasMessageContaining("identity");
  }

  private static AddParams query(String... kv) {
    Map<String, List<String>> q = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      q.put(kv[i], List.of(kv[i + 1]));
    }
    return AddParams.fromQuery(q);
  }

  private static InputStream prng(int n) {
    return new ByteArrayInputStream(OracleInputs.prng(n));
  }

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(UTF_8));
  }
}

package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.multiformats.HashFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CID cases of the original's sharness test t0031-ctl-add (spec §9.1), each against the js-ipfs
 * oracle row with the same meaning (unixfs-add.tsv: prng-500 for the 500 B file, prng-20971520 for
 * the 20 MiB one, the oracle tree for the directory). Where no row exists the test says so and
 * checks what it can: the parts that rows cover, and the structure.
 */
class T0031MatrixTest {
  private static final List<Vectors.Row> ROWS = Vectors.read("unixfs-add.tsv");
  private static final ImportOptions KUBO = ImportOptions.defaults();

  @Test
  void smallFile_plainWrapAndRawLeaves() throws IOException {
    assertFile("prng-500", "(default)", KUBO);
    assertFile("prng-500", "raw-leaves=true", KUBO.withRawLeaves(true));
    Map<String, AddedOutput> wrapped = add("prng-500", KUBO.withWrap(true));
    assertThat(cid(wrapped.get("")))
        .isEqualTo(row("prng-500", "wrap-with-directory=true", "(wrapper dir)"));
    assertThat(cid(wrapped.get("prng-500")))
        .isEqualTo(row("prng-500", "wrap-with-directory=true", "prng-500"));
  }

  @Test
  void smallFile_rawLeavesWrapped() throws IOException {
    assertRawLeavesWrap("prng-500", 500);
  }

  @Test
  void bigFile_plainTrickleWrapAndRawLeaves() throws IOException {
    String in = "prng-20971520";
    assertFile(in, "(default)", KUBO);
    assertFile(in, "trickle=true", KUBO.withLayout(Layout.TRICKLE));
    assertFile(in, "raw-leaves=true", KUBO.withRawLeaves(true));
    Map<String, AddedOutput> wrapped = add(in, KUBO.withWrap(true));
    assertThat(cid(wrapped.get("")))
        .isEqualTo(row(in, "wrap-with-directory=true", "(wrapper dir)"));
  }

  @Test
  void bigFile_rawLeavesWrapped() throws IOException {
    assertRawLeavesWrap("prng-20971520", 20971520);
  }

  @Test
  void directory_recursiveWrappedAndCidV1() throws IOException {
    Map<String, AddedOutput> plain = addTree(KUBO);
    assertThat(cid(plain.get("tree"))).isEqualTo(row("tree (no hidden)", "(default)", "tree"));
    Map<String, AddedOutput> wrapped = addTree(KUBO.withWrap(true));
    assertThat(cid(wrapped.get("")))
        .isEqualTo(row("tree (no hidden)", "wrap-with-directory=true", "(wrapper dir)"));
    Map<String, AddedOutput> v1 =
        addTree(KUBO.withCid(1, HashFunction.SHA2_256).withRawLeaves(true));
    assertThat(cid(v1.get("tree"))).isEqualTo(row("tree (no hidden)", "cid-version=1", "tree"));
  }

  @Test
  void directory_sha3_512() throws IOException {
    ImportOptions sha3 =
        ImportOptions.fromAddParams(
            io.ipfscluster.api.AddParams.fromQuery(Map.of("hash", List.of("sha3-512"))));
    Map<String, AddedOutput> out = addTree(sha3);
    assertThat(cid(out.get("tree"))).isEqualTo(row("tree (no hidden)", "hash=sha3-512", "tree"));
    assertThat(cid(out.get("tree/a.txt")))
        .isEqualTo(row("tree (no hidden)", "hash=sha3-512", "tree/a.txt"));
  }

  /**
   * {@code --hash sha3-512} over a directory of the oracle's single-file inputs: the files match
   * their in-process sha3-512 rows and the directory node has the expected shape (CIDv1 dag-pb
   * sha3-512, links to exactly those files). The tree itself is checked in {@link
   * #directory_sha3_512()}.
   */
  @Test
  void directory_sha3_512_ofSingleFileInputs_hasTheExpectedShape() throws IOException {
    ImportOptions sha3 =
        ImportOptions.fromAddParams(
            io.ipfscluster.api.AddParams.fromQuery(Map.of("hash", List.of("sha3-512"))));
    assertThat(sha3.cidVersion()).isEqualTo(1);
    assertThat(sha3.rawLeaves()).isTrue();
    MemoryBlockSink sink = new MemoryBlockSink();
    Map<String, AddedOutput> out = new HashMap<>();
    List<String> inputs = List.of("prng-500", "hello-25", "prng-262145");
    UnixfsImporter importer = new UnixfsImporter(sha3, sink, o -> out.put(o.name(), o));
    for (String in : inputs) {
      importer.add(ImportEntry.file("dir/" + in, OracleInputs.stream(in)));
    }
    AddedOutput dir = importer.finish();

    for (String in : inputs) {
      assertThat(cid(out.get("dir/" + in))).isEqualTo(row(in, "hash=sha3-512", in));
    }
    assertThat(dir.cid().version()).isEqualTo(1);
    assertThat(dir.cid().multihash().code()).isEqualTo(HashFunction.SHA3_512.code());
    PbNode node = PbNode.decode(sink.get(dir.cid()).data());
    assertThat(node.links())
        .extracting(PbLink::name)
        .containsExactlyElementsOf(inputs.stream().sorted().toList());
  }

  /** {@code add --format car -Q} of kubo's {@code dag export} of {@code add -Q -w -r dir}. */
  @Test
  void car_ofAWrappedDirectory_importsToTheSameRoot() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    List<ImportEntry> entries =
        List.of(
            ImportEntry.file(
                "testFolderCar/abc.txt", new ByteArrayInputStream("abc\n".getBytes(UTF_8))));
    AddedOutput root = UnixfsImporter.importAll(KUBO.withWrap(true), sink, o -> {}, entries);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(root.cid()));
    for (Block b : sink.blocks()) {
      writer.write(b);
    }

    MemoryBlockSink imported = new MemoryBlockSink();
    AddedOutput out =
        CarImporter.importCar(
            "test.car", new ByteArrayInputStream(car.toByteArray()), imported, o -> {});

    assertThat(out.cid()).isEqualTo(root.cid());
    assertThat(imported.blocks())
        .extracting(Block::cid)
        .containsExactlyElementsOf(sink.blocks().stream().map(Block::cid).toList());
    assertThat(out.bytes()).isEqualTo(sink.totalBytes());
  }

  /** "Adding a folder with a single file is the same as adding the file and wrapping it." */
  @Test
  void wrappedFile_equalsFolderHoldingIt() throws IOException {
    AddedOutput wrapped =
        UnixfsImporter.importAll(
            KUBO.withWrap(true),
            BlockSink.discard(),
            o -> {},
            List.of(
                ImportEntry.file("abc.txt", new ByteArrayInputStream("abc\n".getBytes(UTF_8)))));
    AddedOutput folder =
        UnixfsImporter.importAll(
            KUBO,
            BlockSink.discard(),
            o -> {},
            List.of(
                ImportEntry.directory("testFolder2"),
                ImportEntry.file(
                    "testFolder2/abc.txt", new ByteArrayInputStream("abc\n".getBytes(UTF_8)))));

    assertThat(wrapped.cid()).isEqualTo(folder.cid());
  }

  private void assertRawLeavesWrap(String in, long size) throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    Map<String, AddedOutput> out = add(in, KUBO.withRawLeaves(true).withWrap(true), sink);
    AddedOutput file = out.get(in);
    assertThat(cid(file)).isEqualTo(row(in, "raw-leaves=true", in));
    AddedOutput wrapper = out.get("");
    assertThat(cid(wrapper))
        .isEqualTo(row(in, "raw-leaves=true&wrap-with-directory=true", "(wrapper dir)"));
    assertThat(cid(file)).isEqualTo(row(in, "raw-leaves=true&wrap-with-directory=true", in));
    assertThat(wrapper.cid().version()).isZero();
    PbNode node = PbNode.decode(sink.get(wrapper.cid()).data());
    assertThat(node.links()).containsExactly(PbLink.of(file.cid(), in, file.size()));
    assertThat(file.size()).isGreaterThanOrEqualTo(size);
  }

  private void assertFile(String in, String options, ImportOptions ours) throws IOException {
    assertThat(cid(add(in, ours).get(in))).as("%s %s", in, options).isEqualTo(row(in, options, in));
  }

  private static Map<String, AddedOutput> add(String in, ImportOptions options) throws IOException {
    return add(in, options, BlockSink.discard());
  }

  private static Map<String, AddedOutput> add(String in, ImportOptions options, BlockSink sink)
      throws IOException {
    Map<String, AddedOutput> out = new HashMap<>();
    UnixfsImporter.importAll(
        options,
        sink,
        o -> out.put(o.name(), o),
        List.of(ImportEntry.file(in, OracleInputs.stream(in))));
    return out;
  }

  private static Map<String, AddedOutput> addTree(ImportOptions options) throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("t0031");
    try {
      java.nio.file.Path tree = OracleInputs.writeTree(dir);
      Map<String, AddedOutput> out = new HashMap<>();
      try (LocalFiles.Entries entries = LocalFiles.entries(List.of(tree), true, false)) {
        UnixfsImporter.importAll(options, BlockSink.discard(), o -> out.put(o.name(), o), entries);
      }
      return out;
    } finally {
      try (var walk = java.nio.file.Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String cid(AddedOutput out) {
    assertThat(out).isNotNull();
    return out.cid().toString();
  }

  private static String row(String input, String options, String name) {
    return ROWS.stream()
        .filter(
            r ->
                r.get("input_id").equals(input)
                    && r.get("options").equals(options)
                    && r.get("name").equals(name))
        .filter(r -> !r.get("cid_printed").equals("ERROR"))
        .map(r -> r.get("cid_base32"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + input + " " + options + " " + name));
  }
}

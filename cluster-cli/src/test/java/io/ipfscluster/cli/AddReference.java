package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference of the {@code ctl add} cases (t0031): the inputs of the oracle table {@code
 * vectors/unixfs-add.tsv} (cluster-api test-jar), written into a folder, the CIDs kubo/js-ipfs give
 * them, and {@code ctl add} run against a peer. Not thread-safe: one test thread uses an instance.
 */
final class AddReference {
  private final Path dir;

  /** Inputs go to {@code dir}; each is written once. */
  AddReference(Path dir) {
    this.dir = dir;
  }

  /** The oracle's CID (cid_base32 column) for {@code input}, {@code options} and {@code name}. */
  static String cid(String input, String options, String name) throws IOException {
    String cid = cids(input, options).get(name);
    if (cid == null) {
      throw new AssertionError("no oracle row " + input + " " + options + " " + name);
    }
    return cid;
  }

  /** Every CID of the oracle for {@code input} and {@code options}, by the name js-ipfs printed. */
  static Map<String, String> cids(String input, String options) throws IOException {
    Map<String, String> byName = new LinkedHashMap<>();
    try (InputStream in = AddReference.class.getResourceAsStream("/vectors/unixfs-add.tsv")) {
      assertThat(in).as("vectors/unixfs-add.tsv of the cluster-api test-jar").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> header = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        List<String> cells = List.of(line.split("\t", -1));
        if (header == null) {
          header = cells;
          continue;
        }
        if (cells.get(header.indexOf("input_id")).equals(input)
            && cells.get(header.indexOf("options")).equals(options)
            && !cells.get(header.indexOf("cid_printed")).equals("ERROR")) {
          byName.put(cells.get(header.indexOf("name")), cells.get(header.indexOf("cid_base32")));
        }
      }
    }
    return byName;
  }

  /** Runs {@code ctl add -q args…}; returns the CIDs it printed, one a line. */
  static List<String> addQuiet(SharnessPeer peer, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("add", "-q"));
    all.addAll(List.of(args));
    return peer.ctlOk(all.toArray(String[]::new)).lines().map(String::strip).toList();
  }

  /** Runs {@code ctl add -Q args…}; returns the root CID it printed. */
  static String addQuieter(SharnessPeer peer, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("add", "-Q"));
    all.addAll(List.of(args));
    return peer.ctlOk(all.toArray(String[]::new)).strip();
  }

  /** The reference lines of {@code add -q -w <input>}: the file, then the wrapping directory. */
  static List<String> fileAndWrapper(String input, String options) throws Exception {
    return List.of(cid(input, options, input), cid(input, options, "(wrapper dir)"));
  }

  /** Every entry of the reference is printed, its root last. */
  static void assertEntries(List<String> printed, Map<String, String> ref, String root) {
    assertThat(ref).containsKey(root);
    assertThat(printed).isNotEmpty().containsAll(ref.values());
    assertThat(printed.getLast()).isEqualTo(ref.get(root));
  }

  /**
   * The oracle input prng(n), named as its input_id: xorshift32 seeded 0x2545F491, a byte a step.
   */
  Path prng(long n) throws IOException {
    Path file = dir.resolve("prng-" + n);
    if (Files.exists(file)) {
      return file;
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int x = 0x2545F491;
      for (long done = 0; done < n; ) {
        int k = (int) Math.min(buf.length, n - done);
        for (int i = 0; i < k; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          buf[i] = (byte) x;
        }
        out.write(buf, 0, k);
        done += k;
      }
    }
    return file;
  }

  /** The oracle's directory tree (tools/oracles/README.md), hidden entries included. */
  Path tree() throws IOException {
    Path tree = dir.resolve("t/tree");
    if (Files.exists(tree)) {
      return tree;
    }
    Files.createDirectories(tree.resolve("empty-dir"));
    Files.createDirectories(tree.resolve("sub/.dotdir"));
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.writeString(tree.resolve("a.txt"), "alpha\n");
    Files.copy(prng(1000), tree.resolve("b.bin"));
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    Files.writeString(tree.resolve(".hidden"), "hidden file\n");
    Files.writeString(tree.resolve("sub/c.txt"), "charlie\n");
    Files.copy(prng(300000), tree.resolve("sub/big.bin"));
    Files.writeString(tree.resolve("sub/.dotdir/e.txt"), "echo\n");
    Files.writeString(tree.resolve("sub/deeper/d.txt"), "delta\n");
    return tree;
  }

  /** A folder {@code name} holding a copy of {@code file} under the same name. */
  Path folderOf(String name, Path file) throws IOException {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.copy(file, folder.resolve(file.getFileName()));
    return folder;
  }

  /** A CAR of {@code file} imported with the default options, its root the UnixFS root. */
  Path car(Path file) throws IOException {
    MemoryBlockSink blocks = new MemoryBlockSink();
    byte[] data = Files.readAllBytes(file);
    var root =
        UnixfsImporter.importAll(
            ImportOptions.defaults(),
            blocks,
            o -> {},
            List.of(
                ImportEntry.file(file.getFileName().toString(), new ByteArrayInputStream(data))));
    Path car = dir.resolve(file.getFileName() + ".car");
    try (OutputStream out = Files.newOutputStream(car)) {
      CarWriter w = new CarWriter(out, List.of(root.cid()));
      for (Block b : blocks.blocks()) {
        w.write(b);
      }
    }
    return car;
  }
}

package io.ipfscluster.ipfs.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.multiformats.HashFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@code vectors/unixfs-add.tsv} (js-ipfs 0.66.1 {@code add}, see
 * tools/oracles/README.md) whose option set means the same in kubo: the input is regenerated, the
 * import run, and each output line's CID and size compared with the oracle's.
 *
 * <p>Where js-ipfs is known to differ from kubo the case is skipped with the reason: its {@code
 * rabin} and {@code rabin-AVG} cut fixed 262144-byte chunks (js-ipfs-unixfs #50); it has no {@code
 * buzhash} (those rows are errors); its {@code rabin-MIN-AVG-MAX} uses another polynomial
 * (RabinChunkerTest checks those rows with it); the daemon has no sha3-512 and blake2b-256 hashers
 * (those error rows are skipped, the in-process rows for the same inputs are checked); {@code
 * identity} is not an import hash. An explicit {@code hash=sha2-256} turns raw leaves on in js-ipfs
 * but not in kubo: those rows are checked as kubo's {@code --raw-leaves}.
 */
class JsIpfsOracleTest {
  private static final Map<String, AtomicInteger> TALLY = new TreeMap<>();
  private static Path tree;

  @BeforeAll
  static void writeTree(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    tree = OracleInputs.writeTree(dir);
  }

  @AfterAll
  static void printTally() {
    System.out.println("unixfs-add.tsv rows: " + TALLY);
  }

  record Case(String input, String options, List<Vectors.Row> rows) {}

  static Stream<Named<Case>> cases() {
    Map<String, Case> groups = new LinkedHashMap<>();
    for (Vectors.Row row : Vectors.read("unixfs-add.tsv")) {
      String key = row.get("input_id") + " " + row.get("options");
      groups
          .computeIfAbsent(
              key, k -> new Case(row.get("input_id"), row.get("options"), new ArrayList<>()))
          .rows()
          .add(row);
    }
    return groups.entrySet().stream().map(e -> Named.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void importer_matchesJsIpfs(Case c) throws IOException {
    Translation t = translate(c.options());
    if (t.skip != null) {
      tally("skipped: " + t.skip, c.rows().size());
      Assumptions.abort(t.skip);
    }
    List<Vectors.Row> rows = new ArrayList<>();
    for (Vectors.Row row : c.rows()) {
      if (row.get("cid_printed").equals("ERROR")) {
        tally("skipped: js-ipfs daemon error (" + row.get("note") + "); in-process row checked", 1);
      } else {
        rows.add(row);
      }
    }
    Map<String, AddedOutput> outputs = run(c.input(), t.options);
    for (Vectors.Row row : rows) {
      String name = row.get("name").equals("(wrapper dir)") ? "" : row.get("name");
      AddedOutput out = outputs.get(name);
      assertThat(out)
          .as("output for %s (line %d); we gave %s", name, row.line(), outputs.keySet())
          .isNotNull();
      assertThat(out.cid().toString())
          .as("CID of %s (line %d)", name, row.line())
          .isEqualTo(row.get("cid_base32"));
      if (!row.get("size_field").equals("-")) {
        assertThat(out.size())
            .as("size of %s (line %d)", name, row.line())
            .isEqualTo(Long.parseLong(row.get("size_field")));
      }
    }
    tally("checked" + (t.note == null ? "" : " (" + t.note + ")"), rows.size());
  }

  private static Map<String, AddedOutput> run(String input, ImportOptions options)
      throws IOException {
    Map<String, AddedOutput> outputs = new HashMap<>();
    UnixfsImporter importer =
        new UnixfsImporter(options, BlockSink.discard(), o -> outputs.put(o.name(), o));
    if (input.startsWith("tree")) {
      try (LocalFiles.Entries entries =
          LocalFiles.entries(List.of(tree), true, input.contains("all entries"))) {
        for (ImportEntry e : entries) {
          importer.add(e);
        }
      }
    } else if (input.startsWith("empty-dir")) {
      importer.add(ImportEntry.directory("empty-dir"));
    } else {
      importer.add(ImportEntry.file(input, OracleInputs.stream(input)));
    }
    AddedOutput root = importer.finish();
    assertThat(outputs).containsValue(root);
    return outputs;
  }

  private record Translation(ImportOptions options, String skip, String note) {}

  /** The kubo options with the same meaning as a js-ipfs query, or why there are none. */
  static Translation translate(String query) {
    ImportOptions defaults = ImportOptions.defaults();
    if (query.equals("(default)")) {
      return new Translation(defaults, null, null);
    }
    Integer cidVersion = null;
    Boolean rawLeaves = null;
    String hash = null;
    String chunker = "";
    boolean trickle = false;
    boolean wrap = false;
    for (String param : query.split("&")) {
      String[] kv = param.split("=", 2);
      switch (kv[0]) {
        case "cid-version" -> cidVersion = Integer.parseInt(kv[1]);
        case "raw-leaves" -> rawLeaves = Boolean.parseBoolean(kv[1]);
        case "hash" -> hash = kv[1];
        case "chunker" -> chunker = kv[1];
        case "trickle" -> trickle = Boolean.parseBoolean(kv[1]);
        case "wrap-with-directory" -> wrap = Boolean.parseBoolean(kv[1]);
        case "cid-base" -> {} // printing only
        default -> throw new IllegalArgumentException("unexpected option " + param);
      }
    }
    if ("identity".equals(hash)) {
      return skip(
          "hash=identity: not an import hash here (kubo refuses identity CIDs over 128 bytes)");
    }
    if (chunker.equals("buzhash")) {
      return skip("js-ipfs 0.66 has no buzhash chunker (the rows are errors)");
    }
    if (chunker.startsWith("rabin-") && chunker.split("-").length == 4) {
      return skip(
          "js-ipfs's rabin-wasm 0.1.5 hardcodes polynomial 0x3DA3358B4DC173, kubo uses"
              + " 0x3DF305DFB2A805: RabinChunkerTest checks these rows with js's polynomial");
    }
    if (chunker.startsWith("rabin")) {
      return skip(
          "js-ipfs rabin/rabin-AVG cut fixed 262144-byte chunks (js-ipfs-unixfs #50), kubo's do not");
    }
    String note = null;
    HashFunction h = hash == null ? HashFunction.SHA2_256 : HashFunction.ofName(hash);
    int version = cidVersion == null ? 0 : cidVersion;
    if (h != HashFunction.SHA2_256) {
      version = 1;
    }
    boolean raw = rawLeaves != null ? rawLeaves : version > 0 || hash != null;
    if (h == HashFunction.SHA2_256 && hash != null && rawLeaves == null) {
      note = "js hash=sha2-256 implies raw leaves: checked as kubo --raw-leaves";
    }
    ImportOptions options =
        defaults
            .withChunker(chunker)
            .withLayout(trickle ? Layout.TRICKLE : Layout.BALANCED)
            .withRawLeaves(raw)
            .withCid(version, h)
            .withWrap(wrap);
    return new Translation(options, null, note);
  }

  private static Translation skip(String reason) {
    return new Translation(null, reason, null);
  }

  private static synchronized void tally(String what, int rows) {
    TALLY.computeIfAbsent(what, k -> new AtomicInteger()).addAndGet(rows);
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}

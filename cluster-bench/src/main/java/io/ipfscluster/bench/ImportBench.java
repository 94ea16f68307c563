package io.ipfscluster.bench;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.embedded.EmbeddedIpfsNode;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig.BlockstoreLayout;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Importing a 1 GiB random file (256 KiB chunks, balanced, CIDv0, pinned) into the embedded node's
 * blockstore on disk, beside {@code cp} of the same file followed by {@code sync}, run alternately
 * so all see the same machine: the importer writing straight into the node ({@code BlockImport})
 * with packs (the default) and with flatfs (one file per block), and {@code POST /api/v0/add} over
 * HTTP as a kubo client sends it. Each import goes into a fresh repository, so no block is there
 * yet; every import is durable (fsync) when its time is taken.
 *
 * <p>Not thread-safe; one run at a time.
 */
final class ImportBench {
  private static final long SIZE = 1L << 30;
  private static final double TARGET_RATIO = 0.5;
  private static final int ROUNDS = 3;

  private ImportBench() {}

  static void run(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("random-1GiB.bin");
    long started = System.nanoTime();
    writeRandom(file);
    sync();
    System.out.printf(
        Locale.ROOT,
        "setup: wrote %,d random bytes in %.1f s (not measured)%n",
        SIZE,
        EmbeddedNodeBench.seconds(started));
    double[][] ratios = new double[3][ROUNDS];
    for (int round = 1; round <= ROUNDS; round++) {
      double cp = copyAndSync(file, dir.resolve("copy.bin"));
      report(round, "cp+sync", cp, cp);
      report(round, "importer alone, no store", importDiscarding(file), cp);
      double packs = importDirect(file, dir.resolve("repo-packs-" + round), BlockstoreLayout.PACKS);
      ratios[0][round - 1] = report(round, "import into packs (default)", packs, cp);
      double http = importHttp(file, dir.resolve("repo-http-" + round));
      ratios[1][round - 1] = report(round, "curl add over HTTP, packs", http, cp);
      double flatfs =
          importDirect(file, dir.resolve("repo-flatfs-" + round), BlockstoreLayout.FLATFS);
      ratios[2][round - 1] = report(round, "import into flatfs", flatfs, cp);
      System.out.printf(Locale.ROOT, "round %d: load %s%n", round, EmbeddedNodeBench.loadAverage());
    }
    String[] names = {
      "import into packs (default)", "curl add over HTTP, packs", "import into flatfs"
    };
    for (int i = 0; i < names.length; i++) {
      double[] sorted = ratios[i].clone();
      java.util.Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "median of %d rounds: %-28s %.2fx cp+sync (target >= %.1fx: %s)%n",
          ROUNDS,
          names[i],
          sorted[ROUNDS / 2],
          TARGET_RATIO,
          sorted[ROUNDS / 2] >= TARGET_RATIO ? "met" : "MISSED");
    }
    Files.deleteIfExists(file);
  }

  private static double report(int round, String what, double seconds, double cp) {
    if (what.equals("cp+sync")) {
      System.out.printf(
          Locale.ROOT, "round %d: %-28s %6.2f s %5.0f MB/s%n", round, what, seconds, mbps(seconds));
      return 1;
    }
    double ratio = cp / seconds;
    System.out.printf(
        Locale.ROOT,
        "round %d: %-28s %6.2f s %5.0f MB/s = %.2fx cp+sync (target >= %.1fx: %s)%n",
        round,
        what,
        seconds,
        mbps(seconds),
        ratio,
        TARGET_RATIO,
        ratio >= TARGET_RATIO ? "met" : "MISSED");
    return ratio;
  }

  private static void writeRandom(Path file) throws IOException {
    Random random = new Random(7);
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < SIZE; written += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer);
      }
    }
  }

  private static double copyAndSync(Path file, Path copy) throws Exception {
    Files.deleteIfExists(copy);
    sync();
    long started = System.nanoTime();
    Process cp = new ProcessBuilder("cp", file.toString(), copy.toString()).inheritIO().start();
    if (cp.waitFor() != 0) {
      throw new IllegalStateException("cp failed");
    }
    sync();
    double took = EmbeddedNodeBench.seconds(started);
    Files.delete(copy);
    return took;
  }

  private static void sync() throws Exception {
    if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("sync failed");
    }
  }

  private static EmbeddedNodeConfig config(Path repo, BlockstoreLayout layout) {
    return EmbeddedNodeConfig.defaults(repo)
        .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
        .withStorageMax(4L << 30)
        .withLayout(layout);
  }

  /** The importer into a sink that drops blocks: the floor any blockstore adds to. */
  private static double importDiscarding(Path file) throws Exception {
    long started = System.nanoTime();
    try (InputStream in = Files.newInputStream(file)) {
      UnixfsImporter.importAll(
          ImportOptions.defaults(),
          io.ipfscluster.ipfs.ipld.BlockSink.discard(),
          added -> {},
          List.of(new ImportEntry.File("random-1GiB.bin", in)));
    }
    return EmbeddedNodeBench.seconds(started);
  }

  /** The importer writing into the node, then the pin: what {@code add} does, without HTTP. */
  private static double importDirect(Path file, Path repo, BlockstoreLayout layout)
      throws Exception {
    try (EmbeddedIpfsNode node = EmbeddedIpfsNode.start(config(repo, layout), BlockSource.none())) {
      sync();
      long started = System.nanoTime();
      AddedOutput root;
      try (BlockImport im = node.node().beginImport();
          InputStream in = Files.newInputStream(file)) {
        root =
            UnixfsImporter.importAll(
                ImportOptions.defaults(),
                im.sink(),
                added -> {},
                List.of(new ImportEntry.File("random-1GiB.bin", in)));
        im.pin(root.cid(), true, "");
      }
      double took = EmbeddedNodeBench.seconds(started);
      check(node, root.cid().toString());
      return took;
    } finally {
      EmbeddedNodeBench.deleteTree(repo);
    }
  }

  /** {@code POST /api/v0/add} by curl, a separate process as a real client is. */
  private static double importHttp(Path file, Path repo) throws Exception {
    try (EmbeddedIpfsNode node =
        EmbeddedIpfsNode.start(config(repo, BlockstoreLayout.PACKS), BlockSource.none())) {
      String url =
          "http://127.0.0.1:"
              + EmbeddedNodeBench.port(node.apiAddresses().getFirst())
              + "/api/v0/add?stream-channels=true&progress=false";
      sync();
      long started = System.nanoTime();
      Process curl =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "-X",
                  "POST",
                  "-H",
                  "Expect:",
                  "-F",
                  "file=@" + file + ";filename=random-1GiB.bin",
                  url)
              .redirectErrorStream(true)
              .start();
      String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (curl.waitFor() != 0 || !body.contains("\"Hash\"")) {
        throw new IllegalStateException("add failed: " + body);
      }
      double took = EmbeddedNodeBench.seconds(started);
      String[] lines = body.trim().split("\n");
      check(node, lines[lines.length - 1].replaceAll(".*\"Hash\":\"([^\"]+)\".*", "$1"));
      return took;
    } finally {
      EmbeddedNodeBench.deleteTree(repo);
    }
  }

  private static void check(EmbeddedIpfsNode node, String root) {
    long blocks = node.node().usage().blocks();
    if (blocks < SIZE / (256 * 1024)) {
      throw new IllegalStateException("only " + blocks + " blocks stored for " + root);
    }
  }

  private static double mbps(double seconds) {
    return SIZE / 1e6 / seconds;
  }
}

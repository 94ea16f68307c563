package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code ipfs-cluster-ctl add} against the built daemon (embedded IPFS node), as the
 * original's sharness t0031-ctl-add does: each added root has the CID kubo/js-ipfs give the same
 * input and options (the oracle rows of unixfs-add.tsv), is listed by {@code pin ls} and reaches
 * PINNED.
 */
@Timeout(600)
class CtlAddIT {
  @TempDir static Path dir;
  static Process daemon;
  static String host;

  @BeforeAll
  static void startDaemon() throws Exception {
    Path cfg = dir.resolve("cfg");
    assertThat(Dist.service(cfg, "init", "--randomports").exitCode()).isZero();
    String id =
        new ObjectMapper().readTree(cfg.resolve("identity.json").toFile()).path("id").asText();
    host =
        new ObjectMapper()
            .readTree(cfg.resolve("service.json").toFile())
            .path("api")
            .path("restapi")
            .path("http_listen_multiaddress")
            .asText();
    Path log = dir.resolve("daemon.log");
    daemon =
        new ProcessBuilder(
                Dist.home().resolve("bin/ipfs-cluster-service").toString(),
                "--config",
                cfg.toString(),
                "daemon")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(log).contains("peer " + id + " is running"));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  /** The oracle's CID (cid_base32 column) for {@code input}, {@code options} and {@code name}. */
  static String oracle(String input, String options, String name) throws IOException {
    try (InputStream in = CtlAddIT.class.getResourceAsStream("/vectors/unixfs-add.tsv")) {
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
            && cells.get(header.indexOf("name")).equals(name)
            && !cells.get(header.indexOf("cid_printed")).equals("ERROR")) {
          return cells.get(header.indexOf("cid_base32"));
        }
      }
    }
    throw new AssertionError("no oracle row " + input + " " + options + " " + name);
  }

  /** The oracle input prng(n): xorshift32 seeded 0x2545F491, one byte per step. */
  static Path prng(String name, long n) throws IOException {
    Path file = dir.resolve(name);
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
  static Path tree() throws IOException {
    Path tree = dir.resolve("t/tree");
    if (Files.exists(tree)) {
      return tree;
    }
    Files.createDirectories(tree.resolve("empty-dir"));
    Files.createDirectories(tree.resolve("sub/.dotdir"));
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.writeString(tree.resolve("a.txt"), "alpha\n");
    Files.copy(prng("prng-1000", 1000), tree.resolve("b.bin"));
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    Files.writeString(tree.resolve(".hidden"), "hidden file\n");
    Files.writeString(tree.resolve("sub/c.txt"), "charlie\n");
    Files.copy(prng("prng-300000", 300000), tree.resolve("sub/big.bin"));
    Files.writeString(tree.resolve("sub/.dotdir/e.txt"), "echo\n");
    Files.writeString(tree.resolve("sub/deeper/d.txt"), "delta\n");
    return tree;
  }

  /** Runs {@code ipfs-cluster-ctl add -Q args…}; returns the root CID it printed. */
  static String addQuieter(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--host", host, "add", "-Q"));
    all.addAll(List.of(args));
    Dist.Result r = Dist.ctl(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.all()).isZero();
    return r.out().strip();
  }

  /** {@code pin ls} lists {@code cid}, and {@code status} reaches PINNED. */
  static void assertPinned(String cid) throws Exception {
    Dist.Result ls = Dist.ctl("--host", host, "pin", "ls", cid);
    assertThat(ls.exitCode()).as(ls.all()).isZero();
    assertThat(ls.out()).startsWith(cid + " | ");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Dist.ctl("--host", host, "status", cid).out().contains(": PINNED"));
  }

  @Test
  void add_500BytesFile_asKubo_thenPinned() throws Exception {
    Path f = prng("prng-500", 500);

    String cid = addQuieter(f.toString());

    assertThat(cid).isEqualTo(oracle("prng-500", "(default)", "prng-500"));
    assertPinned(cid);
  }

  @Test
  void add_500Bytes_rawLeaves_wrap_cidVersion1() throws Exception {
    Path f = prng("prng-500", 500);

    assertThat(addQuieter("--raw-leaves", f.toString()))
        .isEqualTo(oracle("prng-500", "raw-leaves=true", "prng-500"));
    String wrapped = addQuieter("-w", f.toString());
    assertThat(wrapped).isEqualTo(oracle("prng-500", "wrap-with-directory=true", "(wrapper dir)"));
    assertThat(addQuieter("--cid-version", "1", f.toString()))
        .isEqualTo(oracle("prng-500", "cid-version=1", "prng-500"));
    assertPinned(wrapped);
  }

  @Test
  void add_20MiBFile_balancedAndTrickle_thenPinned() throws Exception {
    Path f = prng("prng-20971520", 20971520);

    String balanced = addQuieter(f.toString());
    String trickle = addQuieter("--layout", "trickle", f.toString());

    assertThat(balanced).isEqualTo(oracle("prng-20971520", "(default)", "prng-20971520"));
    assertThat(trickle).isEqualTo(oracle("prng-20971520", "trickle=true", "prng-20971520"));
    assertPinned(balanced);
    assertPinned(trickle);
  }

  @Test
  void add_recursiveDirectory_plainAndSha3_512_thenPinned() throws Exception {
    Path tree = tree();

    String plain = addQuieter("-r", tree.toString());
    String sha3 = addQuieter("-r", "--hash", "sha3-512", tree.toString());

    assertThat(plain).isEqualTo(oracle("tree (no hidden)", "(default)", "tree"));
    assertThat(sha3).isEqualTo(oracle("tree (no hidden)", "hash=sha3-512", "tree"));
    assertPinned(plain);
    assertPinned(sha3);
  }

  @Test
  void add_carOfAFile_importsToTheSameRoot_thenPinned() throws Exception {
    MemoryBlockSink blocks = new MemoryBlockSink();
    byte[] data = Files.readAllBytes(prng("prng-500", 500));
    var root =
        UnixfsImporter.importAll(
            ImportOptions.defaults(),
            blocks,
            o -> {},
            List.of(ImportEntry.file("prng-500", new ByteArrayInputStream(data))));
    Path car = dir.resolve("prng-500.car");
    try (OutputStream out = Files.newOutputStream(car)) {
      CarWriter w = new CarWriter(out, List.of(root.cid()));
      for (Block b : blocks.blocks()) {
        w.write(b);
      }
    }

    String cid = addQuieter("--format", "car", car.toString());

    assertThat(cid).isEqualTo(oracle("prng-500", "(default)", "prng-500"));
    assertPinned(cid);
  }

  @Test
  void add_noPin_isNotListed() throws Exception {
    Path f = prng("prng-1000", 1000);

    String cid = addQuieter("--no-pin", f.toString());

    Dist.Result ls = Dist.ctl("--host", host, "pin", "ls", cid);
    assertThat(ls.out()).doesNotContain(cid + " | ");
  }
}

package io.ipfscluster.bench;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.embedded.EmbeddedIpfsNode;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig.BlockstoreLayout;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures the embedded IPFS node: {@code pin/add} of a 10,000-block DAG that is already stored
 * (target: at most 2 s), and importing a 1 GiB file into its blockstore on disk beside {@code cp} +
 * {@code sync} of the same file (target: at least half the throughput), run alternately.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.EmbeddedNodeBench &lt;dir&gt; [pin|import|all]
 * </pre>
 *
 * <p>Everything goes to a new folder inside {@code dir}, deleted at the end. Pins go through the
 * node's HTTP API exactly as the cluster's connector sends them ({@code
 * pin/add?arg=…&amp;recursive=true&amp;progress=true}).
 */
public final class EmbeddedNodeBench {
  private static final double PIN_TARGET_SECONDS = 2.0;
  private static final int RUNS = 3;

  private EmbeddedNodeBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: EmbeddedNodeBench <dir> [pin|import|all]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String what = args.length > 1 ? args[1] : "all";
    System.out.printf(
        Locale.ROOT,
        "embedded node bench: %d cores, Java %s, load %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        loadAverage());
    Files.createDirectories(dir);
    Path scratch = Files.createTempDirectory(dir, "node-bench-");
    try {
      if (what.equals("pin") || what.equals("all")) {
        for (BlockstoreLayout layout : BlockstoreLayout.values()) {
          pinBench(scratch.resolve("pin-raw-" + layout), layout, "raw leaves of 1 KiB", true, 1024);
          pinBench(
              scratch.resolve("pin-pb-" + layout),
              layout,
              "dag-pb leaves of 32 KiB",
              false,
              32 * 1024);
        }
      }
      if (what.equals("import") || what.equals("all")) {
        ImportBench.run(scratch.resolve("import"));
      }
    } finally {
      deleteTree(scratch);
    }
  }

  /** A 10,001-block UnixFS file DAG: a root over 50 nodes of 199 leaves each. */
  static void pinBench(
      Path repo, BlockstoreLayout layout, String dagShape, boolean rawLeaves, int leafSize)
      throws Exception {
    String shape = dagShape + ", " + layout.name().toLowerCase(Locale.ROOT);
    EmbeddedNodeConfig config =
        EmbeddedNodeConfig.defaults(repo)
            .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .withStorageMax(1L << 40)
            .withLayout(layout);
    try (EmbeddedIpfsNode node = EmbeddedIpfsNode.start(config, BlockSource.none())) {
      long started = System.nanoTime();
      Cid root = writeDag(node.node(), 50, 199, leafSize, rawLeaves);
      long blocks = node.node().usage().blocks();
      System.out.printf(
          Locale.ROOT,
          "setup: stored a DAG of %,d blocks (%s, %,d bytes) in %.1f s (not measured)%n",
          blocks,
          shape,
          node.node().usage().bytes(),
          seconds(started));
      String api = "http://127.0.0.1:" + port(node.apiAddresses().getFirst());
      HttpClient http = HttpClient.newHttpClient();
      // The cluster's connector has polled id before it pins: so does the bench.
      post(http, api + "/api/v0/id");
      for (int run = 1; run <= RUNS; run++) {
        started = System.nanoTime();
        String body =
            post(http, api + "/api/v0/pin/add?arg=" + root + "&recursive=true&progress=true");
        double took = seconds(started);
        if (!body.contains("\"Pins\"")) {
          throw new IllegalStateException("pin/add failed: " + body);
        }
        System.out.printf(
            Locale.ROOT,
            "pin/add of %,d present blocks (%s), run %d: %.3f s (target <= %.1f s: %s)%n",
            blocks,
            shape,
            run,
            took,
            PIN_TARGET_SECONDS,
            took <= PIN_TARGET_SECONDS ? "met" : "MISSED");
        post(http, api + "/api/v0/pin/rm?arg=" + root);
      }
    }
  }

  /** Stores a two-level file DAG without pinning it; returns its root. */
  private static Cid writeDag(IpfsNode node, int parents, int fanout, int leafSize, boolean raw) {
    Random random = new Random(1);
    List<Block> inner = new ArrayList<>();
    try (BlockImport im = node.beginImport()) {
      for (int p = 0; p < parents; p++) {
        List<Block> leaves = new ArrayList<>();
        for (int i = 0; i < fanout; i++) {
          byte[] data = new byte[leafSize];
          random.nextBytes(data);
          Block leaf = raw ? rawLeaf(data) : pbLeaf(data);
          im.putTrusted(leaf.cid().multihash(), leaf.data());
          leaves.add(leaf);
        }
        Block parent = parent(leaves, (long) leafSize * fanout, leafSize);
        im.putTrusted(parent.cid().multihash(), parent.data());
        inner.add(parent);
      }
      Block root = parent(inner, (long) leafSize * fanout * parents, (long) leafSize * fanout);
      im.putTrusted(root.cid().multihash(), root.data());
      im.commit();
      return root.cid();
    }
  }

  private static Block rawLeaf(byte[] data) {
    return new Block(Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data)), data);
  }

  private static Block pbLeaf(byte[] data) {
    byte[] block = PbNode.ofData(UnixfsData.file(data, data.length, List.of()).encode()).encode();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, block)), block);
  }

  private static Block parent(List<Block> children, long fileSize, long childSize) {
    List<PbLink> links = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (Block child : children) {
      links.add(PbLink.of(child.cid(), "", child.data().length));
      sizes.add(childSize);
    }
    byte[] block = new PbNode(links, UnixfsData.file(null, fileSize, sizes).encode()).encode();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, block)), block);
  }

  static String post(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  static int port(Multiaddr address) {
    return Integer.parseInt(address.toString().replaceAll(".*/tcp/", ""));
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

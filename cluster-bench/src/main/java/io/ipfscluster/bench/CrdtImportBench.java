package io.ipfscluster.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.consensus.crdt.CrdtState;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.state.StateExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code state import} of a CRDT peer as the service runs it ({@link StateExport#importFrom} into
 * {@link CrdtState#replaceAll} on a RocksDB datastore with default settings), into whatever the
 * folder already holds: run it once on a new folder for the import into an empty state, then again
 * (a new process, as the command is) for the import over an existing state.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.CrdtImportBench &lt;folder&gt; &lt;n&gt; \
 *     [--rounds 1] [--input samples|export] [--cache-mib 64]
 * </pre>
 *
 * <p>The input is an NDJSON file of {@code n} {@link SamplePins} (in hash order, not measured), or
 * with {@code export} the folder's own state exported first (in key order, as {@code state export}
 * writes it). {@code --cache-mib} sets the block cache ({@link RocksDbSettings#defaults()} has 64
 * MiB, a peer's configuration 256 MiB). Each of {@code rounds} imports prints its wall time, the
 * CPU time of the process and the load average. The folder is kept.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class CrdtImportBench {
  private CrdtImportBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length % 2 != 0) {
      System.err.println(
          "usage: CrdtImportBench <folder> <number of pins> [--rounds 1]"
              + " [--input samples|export] [--cache-mib 64]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    long n = Long.parseLong(args[1].replace("_", "").replace(",", ""));
    int rounds = Integer.parseInt(option(args, "--rounds", "1"));
    boolean export = option(args, "--input", "samples").equals("export");
    long cacheBytes = Long.parseLong(option(args, "--cache-mib", "64")) << 20;
    RocksDbSettings settings = RocksDbSettings.defaults().withBlockCacheBytes(cacheBytes);
    Path input = folder.resolveSibling(folder.getFileName() + ".ndjson");
    Identity identity = Identity.fromSeed(new byte[32]);
    long openStarted = System.nanoTime();
    try (RocksDbDatastore store = RocksDbDatastore.open(folder, settings)) {
      CrdtState state = CrdtState.open(store, identity);
      System.out.printf(
          Locale.ROOT,
          "crdt import bench: %,d pins over a state of %,d pins (generation %d, opened in %.1f s),"
              + " input %s, block cache %d MiB, load %s%n",
          n,
          state.size(),
          state.info().generation(),
          EmbeddedNodeBench.seconds(openStarted),
          export ? "exported state" : "sample pins",
          cacheBytes >> 20,
          EmbeddedNodeBench.loadAverage());
      if (export) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(input), 1 << 16)) {
          StateExport.exportTo(state, out);
        }
      } else {
        writeSamples(input, n);
      }
      for (int round = 1; round <= rounds; round++) {
        long cpu = processCpuNanos();
        long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long started = System.nanoTime();
        long imported;
        try (InputStream in = Files.newInputStream(input)) {
          imported = StateExport.importFrom(state, in, StateExport.Overrides.NONE);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: imported %,d pins in %.1f s (CPU: importing thread %.1f s, process %.1f s), state %,d pins,"
                + " load %s%n",
            round,
            imported,
            EmbeddedNodeBench.seconds(started),
            (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu) / 1e9,
            (processCpuNanos() - cpu) / 1e9,
            state.size(),
            EmbeddedNodeBench.loadAverage());
      }
    } finally {
      Files.deleteIfExists(input);
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 2; i + 1 < args.length; i += 2) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void writeSamples(Path file, long n) throws IOException {
    SamplePins samples = new SamplePins();
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g =
            ClusterJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      for (long i = 0; i < n; i++) {
        PinJson.write(g, samples.pin(i));
        g.writeRaw('\n');
      }
    }
  }
}

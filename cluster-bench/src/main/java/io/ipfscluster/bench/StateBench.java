package io.ipfscluster.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.StateExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The state load tool: imports, exports, lists and measures a pinset of n {@link SamplePins} on a
 * RocksDB datastore (default settings) in a scratch folder, and prints one line per figure with its
 * target.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.StateBench &lt;dir&gt; &lt;n&gt;
 * </pre>
 *
 * <p>Everything it writes goes to a new folder inside {@code dir}, deleted at the end. Each figure
 * is one cold run, as an operator would see it; the listing runs three times and reports each.
 */
public final class StateBench {
  private static final double IMPORT_TARGET_SECONDS = 20 * 1e-6; // per pin: 20 s for 1M
  private static final double EXPORT_TARGET_SECONDS = 5 * 1e-6; // per pin: 5 s for 1M
  private static final double LIST_TARGET_PINS_PER_SECOND = 500_000;
  private static final double SIZE_TARGET_BYTES_PER_PIN = 250;
  private static final int LIST_RUNS = 3;

  private StateBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: StateBench <dir> <number of pins>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long n = Long.parseLong(args[1].replace("_", "").replace(",", ""));
    System.out.printf(
        Locale.ROOT,
        "state bench: %,d pins, %d cores, load average %.1f, Java %s%n",
        n,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.version());
    try (ScratchFolder scratch = ScratchFolder.in(dir, "state-bench-")) {
      run(scratch, n);
    }
  }

  private static void run(ScratchFolder scratch, long n) throws IOException {
    Path input = scratch.path().resolve("pins.ndjson");
    Stopwatch watch = Stopwatch.start();
    writeNdjson(input, n);
    System.out.printf(
        Locale.ROOT,
        "setup: wrote %s of NDJSON (%,d bytes) in %.1f s (not measured)%n",
        input.getFileName(),
        Files.size(input),
        watch.seconds());

    try (ScratchFolder db = ScratchFolder.in(scratch.path(), "datastore-");
        RocksDbDatastore store = RocksDbDatastore.open(db.path(), RocksDbSettings.defaults())) {
      DatastoreState state = new DatastoreState(store.namespace(KeySpace.STATE.prefix()));

      watch = Stopwatch.start();
      long imported;
      try (InputStream in = Files.newInputStream(input)) {
        imported = StateExport.importFrom(state, in, StateExport.Overrides.NONE);
      }
      check(imported, n, "imported");
      reportTime("(a) import", watch, IMPORT_TARGET_SECONDS * n, imported);

      Path output = scratch.path().resolve("export.ndjson");
      watch = Stopwatch.start();
      long exported;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
        exported = StateExport.exportTo(state, out);
      }
      check(exported, n, "exported");
      reportTime("(b) export", watch, EXPORT_TARGET_SECONDS * n, exported);
      Files.delete(output);

      double best = 0;
      StringBuilder runs = new StringBuilder();
      for (int run = 0; run < LIST_RUNS; run++) {
        watch = Stopwatch.start();
        long listed = 0;
        try (Stream<Pin> pins = state.list()) {
          for (Iterator<Pin> it = pins.iterator(); it.hasNext(); ) {
            if (it.next().maxDepth() != Integer.MIN_VALUE) {
              listed++;
            }
          }
        }
        double rate = listed / watch.seconds();
        check(listed, n, "listed");
        best = Math.max(best, rate);
        runs.append(runs.isEmpty() ? "" : ", ")
            .append(String.format(Locale.ROOT, "%,.0f (CPU %.2f s)", rate, watch.cpuSeconds()));
      }
      System.out.printf(
          Locale.ROOT,
          "(c) list with decoding, 1 thread: %,.0f pins/s, best of %d runs: %s"
              + " [target >= %,.0f pins/s: %s]%n",
          best,
          LIST_RUNS,
          runs,
          LIST_TARGET_PINS_PER_SECOND,
          best >= LIST_TARGET_PINS_PER_SECOND ? "met" : "MISSED");

      watch = Stopwatch.start();
      store.compact();
      double compactSeconds = watch.seconds();
      long bytes = db.sizeBytes();
      double perPin = (double) bytes / n;
      System.out.printf(
          Locale.ROOT,
          "(d) on-disk size after compact(): %,d bytes = %.1f bytes/pin (compact took %.1f s)"
              + " [target <= %.0f bytes/pin: %s]%n",
          bytes,
          perPin,
          compactSeconds,
          SIZE_TARGET_BYTES_PER_PIN,
          perPin <= SIZE_TARGET_BYTES_PER_PIN ? "met" : "MISSED");
    }
  }

  private static void reportTime(String what, Stopwatch watch, double targetSeconds, long pins) {
    double seconds = watch.seconds();
    System.out.printf(
        Locale.ROOT,
        "%s: %.2f s (%,.0f pins/s; CPU of the calling thread %.2f s) [target <= %.2f s: %s]%n",
        what,
        seconds,
        pins / seconds,
        watch.cpuSeconds(),
        targetSeconds,
        seconds <= targetSeconds ? "met" : "MISSED");
  }

  /**
   * Wall-clock time and the CPU time of the measuring thread. On a shared machine the two differ
   * when other processes take the cores; the CPU time shows what the measured code itself costs
   * (not counting RocksDB's and the GC's own threads).
   */
  private record Stopwatch(long wallNanos, long cpuNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static Stopwatch start() {
      return new Stopwatch(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
    }

    double seconds() {
      return (System.nanoTime() - wallNanos) / 1e9;
    }

    double cpuSeconds() {
      return (THREADS.getCurrentThreadCpuTime() - cpuNanos) / 1e9;
    }
  }

  private static void writeNdjson(Path file, long n) throws IOException {
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

  private static void check(long got, long expected, String what) {
    if (got != expected) {
      throw new IllegalStateException(what + " " + got + " pins, expected " + expected);
    }
  }
}

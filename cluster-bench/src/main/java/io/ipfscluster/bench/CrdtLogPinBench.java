package io.ipfscluster.bench;

import io.ipfscluster.config.CrdtBatchingConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.ReplicaInfo;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.identity.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The CRDT consensus load tool: {@code callers} threads call {@code logPin} concurrently on a
 * RocksDB datastore (default settings) in a scratch folder, each call returning once its batch is
 * fsynced, and it prints the acknowledged pins per second, the call latency and how many pins
 * shared a block.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.CrdtLogPinBench &lt;dir&gt; [pins] [callers] [max_batch_size] [max_batch_age]
 * </pre>
 *
 * <p>Defaults: 100000 pins, 32 callers, batching with max_batch_size 32 and max_batch_age 10ms ("0
 * 0s" turns batching off: plain group commit). A warm-up of 5000 pins runs first, unmeasured.
 * Everything it writes goes to a new folder inside {@code dir}, deleted at the end.
 */
public final class CrdtLogPinBench {
  private static final int WARM_UP = 5000;
  private static final double TARGET_PINS_PER_SECOND = 3000;

  private CrdtLogPinBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: CrdtLogPinBench <dir> [pins] [callers] [max_batch_size] [max_batch_age]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int pins = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 100_000;
    int callers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    Duration batchAge =
        args.length > 4 ? io.ipfscluster.api.GoDuration.parse(args[4]) : Duration.ofMillis(10);
    CrdtBatchingConfig batching = new CrdtBatchingConfig(batchSize, batchAge, 50_000);
    System.out.printf(
        Locale.ROOT,
        "crdt logPin bench: %,d pins, %d callers, batching %s, %d cores, Java %s%n",
        pins,
        callers,
        batching.enabled()
            ? "max_batch_size " + batchSize + " / max_batch_age " + batchAge.toMillis() + "ms"
            : "off (group commit only)",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());

    Path scratch = Files.createTempDirectory(Files.createDirectories(dir), "crdt-bench-");
    try (RocksDbDatastore store =
        RocksDbDatastore.open(scratch.resolve("datastore"), RocksDbSettings.defaults())) {
      CrdtConfig d = CrdtConfig.defaults();
      CrdtConfig config =
          new CrdtConfig(
              d.clusterName(),
              d.trustedPeers(),
              batching,
              d.repairInterval(),
              d.rebroadcastInterval(),
              d.peersetMetric(),
              d.datastoreNamespace());
      try (CrdtConsensus consensus =
          CrdtConsensus.builder(store, Identity.generate(), config).build()) {
        LogPinLoad.run(List.of(consensus), 0, WARM_UP, callers);
        ReplicaInfo before = consensus.info();
        long started = System.nanoTime();
        long[] latencies = LogPinLoad.run(List.of(consensus), WARM_UP, pins, callers);
        double seconds = (System.nanoTime() - started) / 1e9;
        ReplicaInfo after = consensus.info();
        long blocks =
            after.versionVector().get(after.writer()) - before.versionVector().get(before.writer());
        Arrays.sort(latencies);
        double rate = pins / seconds;
        System.out.printf(
            Locale.ROOT,
            "logPin, acknowledged and durable: %,.0f pins/s (%,d pins in %.2f s)"
                + " [target >= %,.0f pins/s: %s]%n",
            rate,
            pins,
            seconds,
            TARGET_PINS_PER_SECOND,
            rate >= TARGET_PINS_PER_SECOND ? "met" : "NOT met");
        System.out.printf(
            Locale.ROOT,
            "latency per call: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            latencies[latencies.length / 2] / 1e6,
            latencies[(int) (latencies.length * 0.99)] / 1e6,
            latencies[latencies.length - 1] / 1e6);
        System.out.printf(
            Locale.ROOT,
            "blocks (= fsynced commits): %,d, %.1f pins per block; state: %,d pins%n",
            blocks,
            pins / (double) blocks,
            after.pins());
      }
    } finally {
      deleteTree(scratch);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

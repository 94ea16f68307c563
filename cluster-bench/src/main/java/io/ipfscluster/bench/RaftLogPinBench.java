package io.ipfscluster.bench;

import com.sun.management.OperatingSystemMXBean;
import io.ipfscluster.api.Pin;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.consensus.raft.PeerAddresses;
import io.ipfscluster.consensus.raft.RaftConsensus;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Raft consensus load tool: three {@link RaftConsensus} servers in this JVM (loopback gRPC,
 * each with its own RocksDB datastore and Raft folder in a scratch folder), and {@code callers}
 * virtual threads calling {@code logPin} spread evenly over the three peers, so two thirds of the
 * calls go through followers. A call returns once its group-committed entry is committed by a
 * majority (fsynced Raft logs) and applied on the peer it was sent to. Prints acknowledged pins per
 * second, the call latency and how many pins shared a log entry.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.RaftLogPinBench &lt;dir&gt; [pins] [callers]
 * </pre>
 *
 * <p>Defaults: 50000 pins, 32 callers, the {@code consensus.raft} defaults. A warm-up of 5000 pins
 * runs first, unmeasured. Everything it writes goes to a new folder inside {@code dir}, deleted at
 * the end.
 */
public final class RaftLogPinBench {
  private static final int WARM_UP = 5000;
  private static final int PEERS = 3;
  private static final double TARGET_PINS_PER_SECOND = 1000;

  private RaftLogPinBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: RaftLogPinBench <dir> [pins] [callers]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int pins = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 50_000;
    int callers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    System.out.printf(
        Locale.ROOT,
        "raft logPin bench: %d in-process peers, %,d pins, %d callers, %d cores, Java %s%n",
        PEERS,
        pins,
        callers,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());

    Path scratch = Files.createTempDirectory(Files.createDirectories(dir), "raft-bench-");
    List<Identity> identities = new ArrayList<>();
    Map<PeerId, String> addresses = new HashMap<>();
    for (int i = 0; i < PEERS; i++) {
      Identity id = Identity.generate();
      identities.add(id);
      addresses.put(id.peerId(), "127.0.0.1:" + freePort());
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    RaftConfig config =
        RaftConfig.defaults()
            .withInitPeerset(identities.stream().map(i -> i.peerId().toString()).toList());
    List<RocksDbDatastore> stores = new ArrayList<>();
    List<RaftConsensus> peers = new ArrayList<>();
    try {
      for (int i = 0; i < PEERS; i++) {
        RocksDbDatastore store =
            RocksDbDatastore.open(
                scratch.resolve("peer" + i + "/datastore"), RocksDbSettings.defaults());
        stores.add(store);
        peers.add(
            RaftConsensus.builder(store, identities.get(i), config, scratch.resolve("peer" + i))
                .addresses(PeerAddresses.of(addresses))
                .tls(PeerTls.create(identities.get(i), secret))
                .build());
      }
      for (RaftConsensus p : peers) {
        if (!p.awaitReady(Duration.ofSeconds(60))) {
          throw new IllegalStateException("no Raft leader after 60 s");
        }
      }
      System.out.println("leader: " + peers.get(0).leader().shortString());
      LogPinLoad.run(peers, 0, WARM_UP, callers);
      long entriesBefore = peers.get(0).appliedIndex();
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long started = System.nanoTime();
      long[] latencies = LogPinLoad.run(peers, WARM_UP, pins, callers);
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      long entries = peers.get(0).appliedIndex() - entriesBefore;
      Arrays.sort(latencies);
      double rate = pins / seconds;
      System.out.printf(
          Locale.ROOT,
          "logPin, acknowledged (committed by a majority, applied where called): %,.0f pins/s"
              + " (%,d pins in %.2f s) [target >= %,.0f pins/s: %s]%n",
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
      long statePins;
      try (Stream<Pin> all = peers.get(0).state().list()) {
        statePins = all.count();
      }
      System.out.printf(
          Locale.ROOT,
          "log entries applied: %,d (about %.1f pins per entry); state: %,d pins on peer 0%n",
          entries,
          pins / (double) Math.max(1, entries),
          statePins);
      System.out.printf(
          Locale.ROOT,
          "process CPU: %.1f s in %.1f s (%.2f cores busy), %.2f ms CPU per pin for all %d peers%n",
          cpuSeconds,
          seconds,
          cpuSeconds / seconds,
          cpuSeconds * 1000 / pins,
          PEERS);
    } finally {
      peers.forEach(RaftConsensus::close);
      stores.forEach(RocksDbDatastore::close);
      deleteTree(scratch);
    }
  }

  /** Pins {@code count} CIDs numbered from {@code first}; returns each call's latency in ns. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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

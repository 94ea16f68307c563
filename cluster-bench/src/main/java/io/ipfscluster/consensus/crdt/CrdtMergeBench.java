package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.state.PinCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU per pin of the two CRDT write paths, without network or threads: {@link
 * CrdtReplica#commitLocal} on the committing peer (seal, sign, merge, one synced batch) and {@link
 * CrdtReplica#mergeRemote} on a replica (merge of the blocks already decoded and verified, one
 * synced batch), each followed by {@link CrdtReplica#announcement}, as {@link CrdtConsensus} and
 * the broadcaster do. Each replica has its own RocksDB datastore (default settings) in a new folder
 * inside {@code dir}, deleted at the end.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.consensus.crdt.CrdtMergeBench &lt;dir&gt; [pins 200000] [batch 32] [rounds 5]
 * </pre>
 *
 * <p>Every round commits {@code pins / rounds} new pins on the writer in commits of {@code batch}
 * pins (one block each, as the group committer makes them), then merges every commit's blocks into
 * the replica, one {@code mergeRemote} per commit. The first round warms the JIT and is not
 * counted. Printed per pin: the calling thread's CPU time (what the change under test moves;
 * insensitive to other processes), the whole process's CPU time (RocksDB's background threads, GC
 * and JIT included) and the wall time (fsyncs included), with the load average.
 *
 * <p>In the package of {@link CrdtReplica} (package-private) on the benchmark classpath. Not
 * thread-safe; one run at a time.
 */
public final class CrdtMergeBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private CrdtMergeBench() {}

  /** CPU and wall clock at one instant. */
  private record Clock(long thread, long user, long process, long wall) {
    static Clock now() {
      return new Clock(
          THREADS.getCurrentThreadCpuTime(),
          THREADS.getCurrentThreadUserTime(),
          OS.getProcessCpuTime(),
          System.nanoTime());
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: CrdtMergeBench <dir> [pins 200000] [batch 32] [rounds 5]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int pins = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 200_000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    System.out.printf(
        Locale.ROOT,
        "crdt merge bench: %,d pins, %d pins per commit, %d rounds (first not counted),"
            + " %d cores, Java %s, load average %.2f%n",
        pins,
        batch,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        OS.getSystemLoadAverage());
    Path scratch = Files.createTempDirectory(Files.createDirectories(dir), "crdt-merge-bench-");
    try (RocksDbDatastore writerStore =
            RocksDbDatastore.open(scratch.resolve("writer"), RocksDbSettings.defaults());
        RocksDbDatastore replicaStore =
            RocksDbDatastore.open(scratch.resolve("replica"), RocksDbSettings.defaults())) {
      Identity writerId = Identity.generate();
      Identity replicaId = Identity.generate();
      CrdtReplica writer = CrdtReplica.open(writerStore, writerId);
      CrdtReplica replica = CrdtReplica.open(replicaStore, replicaId);
      int perRound = pins / rounds;
      long[] commitTotals = new long[4];
      long[] mergeTotals = new long[4];
      long counted = 0;
      for (int round = 0; round < rounds; round++) {
        List<List<DeltaBlock>> commits = new ArrayList<>();
        Clock c0 = Clock.now();
        for (int i = 0; i < perRound; i += batch) {
          List<CrdtReplica.Op> ops = new ArrayList<>(batch);
          for (int j = i; j < Math.min(perRound, i + batch); j++) {
            Pin pin = pin((long) round * perRound + j);
            ops.add(new CrdtReplica.Op(pin.cid(), PinCodec.encode(pin)));
          }
          commits.add(writer.commitLocal(ops).blocks());
          writer.announcement(writerId.peerId()); // CrdtConsensus announces every commit
        }
        Clock c1 = Clock.now();
        for (List<DeltaBlock> blocks : commits) {
          replica.mergeRemote(blocks);
          replica.announcement(replicaId.peerId()); // the broadcaster compares heads every sync
        }
        Clock c2 = Clock.now();
        long[] commit = print("commitLocal + announcement", round, perRound, c0, c1);
        long[] merge = print("mergeRemote + announcement", round, perRound, c1, c2);
        if (round > 0) {
          for (int k = 0; k < 4; k++) {
            commitTotals[k] += commit[k];
            mergeTotals[k] += merge[k];
          }
          counted += perRound;
        }
      }
      if (counted > 0) {
        summary("commitLocal + announcement", commitTotals, counted);
        summary("mergeRemote + announcement", mergeTotals, counted);
      }
      if (!sameState(writer, replica)) {
        throw new IllegalStateException("the replica did not reach the writer's state");
      }
      System.out.printf(
          Locale.ROOT,
          "both replicas hold %,d pins, state digest %s; load average %.2f%n",
          replica.size(),
          replica.info().stateDigest(),
          OS.getSystemLoadAverage());
    } finally {
      deleteTree(scratch);
    }
  }

  private static boolean sameState(CrdtReplica a, CrdtReplica b) {
    ReplicaInfo x = a.info();
    ReplicaInfo y = b.info();
    return x.stateDigest().equals(y.stateDigest())
        && x.crdtDigest().equals(y.crdtDigest())
        && x.versionVector().equals(y.versionVector());
  }

  private static long[] print(String what, int round, int pins, Clock from, Clock to) {
    long[] spent = {
      to.thread() - from.thread(),
      to.user() - from.user(),
      to.process() - from.process(),
      to.wall() - from.wall()
    };
    System.out.printf(
        Locale.ROOT,
        "round %d%s %s: %s%n",
        round,
        round == 0 ? " (warm-up)" : "",
        what,
        perPin(spent, pins));
    return spent;
  }

  private static void summary(String what, long[] totals, long pins) {
    System.out.printf(Locale.ROOT, "%s, counted rounds: %s%n", what, perPin(totals, pins));
  }

  private static String perPin(long[] spent, long pins) {
    return String.format(
        Locale.ROOT,
        "%.1f µs CPU/pin (thread; %.1f user), %.1f µs CPU/pin (process), %.1f µs wall/pin",
        spent[0] / 1e3 / pins,
        spent[1] / 1e3 / pins,
        spent[2] / 1e3 / pins,
        spent[3] / 1e3 / pins);
  }

  private static Pin pin(long i) {
    Cid cid =
        Cid.v1(
            Multicodec.RAW,
            Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(8).putLong(i).array()));
    return Pin.of(cid, PinOptions.defaults().withName("bench-" + i));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package io.ipfscluster.bench;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.peer.ClusterPeer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Block fetching between two embedded IPFS nodes over the peer network (issue 5: ≥ 100 MB/s for a
 * 256 MiB DAG on loopback). Each round starts two whole peers in this JVM (RocksDB, embedded node,
 * peer network on loopback, one secret), joins the second to the first, adds a file of random bytes
 * on the first with {@code local&no-pin} (so only its node has the blocks), then pins the root on
 * the second and times until its tracker reports the pin {@code pinned}: every block comes through
 * the second node's block source ({@code IPFSConnector.BlockGetLocal}).
 *
 * <p>Arguments: {@code [MiB=256] [rounds=3]}. Prints MB/s (10^6 bytes) and process CPU per MiB.
 */
public final class BlockFetchBench {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";

  private BlockFetchBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("rpc")) {
      rpcOnly(Integer.parseInt(args[1]));
      return;
    }
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long bytes = mib * 1024L * 1024L;
    for (int r = 0; r < rounds; r++) {
      try (ScratchFolder scratch = ScratchFolder.inTemp("blockfetch");
          ClusterPeer a = start(scratch.path().resolve("a"));
          ClusterPeer b = start(scratch.path().resolve("b"))) {
        b.join(List.of(a.peerAddresses().getFirst()), true);
        Iterator<ImportEntry> entries =
            List.<ImportEntry>of(new ImportEntry.File("data.bin", new RandomStream(bytes, r)))
                .iterator();
        Cid root =
            a.cluster()
                .adding()
                .add(
                    AddParams.fromQuery(QueryString.parse("local=true&no-pin=true")),
                    () -> entries.hasNext() ? entries.next() : null,
                    out -> {});
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        b.cluster().pin(root, PinOptions.defaults());
        while (true) {
          TrackerStatus s = b.cluster().status(root, true).peerMap().get(b.id()).status();
          if (s == TrackerStatus.PINNED) {
            break;
          }
          if (s == TrackerStatus.PIN_ERROR) {
            throw new IllegalStateException("the pin failed on the fetching peer");
          }
          Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMsPerMib = (processCpuNanos() - cpu0) / 1e6 / mib;
        System.out.printf(
            "round %d: %d MiB fetched and pinned in %.2f s: %.1f MB/s, %.1f ms CPU per MiB%n",
            r, mib, seconds, bytes / 1e6 / seconds, cpuMsPerMib);
      }
    }
  }

  /** Fetches one 256 KiB block {@code n} times from 16 threads: the RPC path alone. */
  private static void rpcOnly(int n) throws Exception {
    try (ScratchFolder scratch = ScratchFolder.inTemp("blockfetch");
        ClusterPeer a = start(scratch.path().resolve("a"));
        ClusterPeer b = start(scratch.path().resolve("b"))) {
      b.join(List.of(a.peerAddresses().getFirst()), true);
      Iterator<ImportEntry> entries =
          List.<ImportEntry>of(new ImportEntry.File("one", new RandomStream(256 * 1024 - 32, 1)))
              .iterator();
      Cid root =
          a.cluster()
              .adding()
              .add(
                  AddParams.fromQuery(QueryString.parse("local=true&no-pin=true&raw-leaves=true")),
                  () -> entries.hasNext() ? entries.next() : null,
                  out -> {});
      var remote =
          new io.ipfscluster.net.rpc.RemoteIpfsBlocks(
              b.network().channel(a.id()), a.id(), java.time.Duration.ofSeconds(10));
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        Thread[] threads = new Thread[16];
        for (int t = 0; t < threads.length; t++) {
          threads[t] =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        for (int i = 0; i < n / 16; i++) {
                          bytes.addAndGet(remote.blockGetLocal(root).length);
                        }
                      });
        }
        for (Thread t : threads) {
          t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "rpc round %d: %.1f MB/s, %.0f calls/s%n", round, bytes.get() / 1e6 / s, n / s);
      }
    }
  }

  /** A peer in {@code dir}: init's defaults, loopback and free ports, the bench's secret. */
  private static ClusterPeer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    ServiceConfig.defaults("crdt").write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    return ClusterPeer.start(
        dir,
        Map.of(
            "CLUSTER_SECRET",
            SECRET,
            "CLUSTER_LISTENMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/0",
            "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/0",
            "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/" + freePort()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}

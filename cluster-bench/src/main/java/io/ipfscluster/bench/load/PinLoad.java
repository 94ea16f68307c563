package io.ipfscluster.bench.load;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pin ingestion through the REST API: {@code clients} threads, each with its own kept-alive
 * connection, {@code POST /pins/{cid}} as fast as answers come back (closed loop), then optionally
 * waits for the peer's tracker to pin them all in its IPFS node.
 *
 * <p>The CIDs must be pinnable by a node that has no network: either identity-multihash CIDs (the
 * block is the CID itself) or raw blocks put into the node first through its {@code
 * /api/v0/block/put} (not timed).
 *
 * <p>Not thread-safe: one run per instance.
 */
final class PinLoad {
  /** Where the pinned blocks come from. */
  enum Blocks {
    /** Identity-multihash raw CIDs: nothing to put. */
    IDENTITY,
    /** SHA-256 raw blocks, put into the node before the run. */
    PUT
  }

  record Options(
      URI api,
      URI ipfs,
      int clients,
      long count,
      long warmUp,
      Blocks blocks,
      String seed,
      boolean drain,
      long pid,
      String query) {}

  private static final com.sun.management.OperatingSystemMXBean OWN =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Options o;
  private final ProcessStats peer;

  PinLoad(Options options) {
    this.o = options;
    this.peer = options.pid() > 0 ? new ProcessStats(options.pid()) : null;
  }

  /** The CID of pin {@code i} of this run. */
  Cid cid(long i) {
    byte[] data = ("load-" + o.seed() + "-" + i).getBytes(StandardCharsets.US_ASCII);
    HashFunction f = o.blocks() == Blocks.IDENTITY ? HashFunction.IDENTITY : HashFunction.SHA2_256;
    return Cid.v1(Multicodec.RAW, Multihash.compute(f, data));
  }

  void run() throws Exception {
    long total = o.warmUp() + o.count();
    if (o.blocks() == Blocks.PUT) {
      putBlocks(total);
    }
    System.out.printf(
        "pin load: %s, %d clients, %,d warm-up + %,d measured pins, blocks %s, seed %s%n",
        o.api(), o.clients(), o.warmUp(), o.count(), o.blocks(), o.seed());
    if (o.warmUp() > 0) {
      ingest(0, o.warmUp(), "warm-up");
    }
    double cpuBefore = peer == null ? 0 : peer.cpuSeconds();
    long ownCpuBefore = OWN.getProcessCpuTime();
    long start = System.nanoTime();
    ingest(o.warmUp(), total, "measured");
    long end = System.nanoTime();
    System.out.printf(
        "load tool CPU %.2f s (%.0f µs a pin); load average %.1f%n",
        (OWN.getProcessCpuTime() - ownCpuBefore) / 1e9,
        (OWN.getProcessCpuTime() - ownCpuBefore) / 1e3 / o.count(),
        OWN.getSystemLoadAverage());
    if (peer != null) {
      System.out.printf(
          "peer CPU %.2f s for %,d pins (%.0f µs a pin); %s%n",
          peer.cpuSeconds() - cpuBefore,
          o.count(),
          (peer.cpuSeconds() - cpuBefore) * 1e6 / o.count(),
          peer.memoryLine());
    }
    if (o.drain()) {
      drain(start, end, total);
    }
  }

  private void ingest(long from, long to, String label) throws Exception {
    AtomicLong next = new AtomicLong(from);
    AtomicLong errors = new AtomicLong();
    List<Latencies> latencies = new ArrayList<>();
    List<Future<?>> clients = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < o.clients(); c++) {
        Latencies mine = new Latencies();
        latencies.add(mine);
        clients.add(pool.submit(() -> client(next, to, mine, errors)));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = Latencies.merge(latencies);
    System.out.printf(
        "%-9s %,9d pins in %6.2f s = %,8.0f pins/s acknowledged (200); errors %d;"
            + " latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label,
        to - from,
        seconds,
        (to - from - errors.get()) / seconds,
        errors.get(),
        Latencies.millis(sorted, 0.50),
        Latencies.millis(sorted, 0.90),
        Latencies.millis(sorted, 0.99),
        Latencies.millis(sorted, 1.0));
  }

  private Void client(AtomicLong next, long to, Latencies latencies, AtomicLong errors)
      throws IOException {
    try (HttpConnection c = new HttpConnection(o.api())) {
      for (long i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
        String path = "/pins/" + cid(i) + (o.query().isEmpty() ? "" : "?" + o.query());
        long t0 = System.nanoTime();
        HttpConnection.Response r = c.send("POST", path);
        latencies.add(System.nanoTime() - t0);
        if (r.status() != 200) {
          if (errors.incrementAndGet() <= 5) {
            System.out.printf("POST %s: %d %s%n", path, r.status(), r.text());
          }
        }
      }
    }
    return null;
  }

  /** Puts the raw blocks of pins {@code 0 … n-1} into the node, a few clients at a time. */
  private void putBlocks(long n) throws Exception {
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    String boundary = "----loadtool";
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(
            pool.submit(
                () -> {
                  try (HttpConnection c = new HttpConnection(o.ipfs())) {
                    for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                      String data = "load-" + o.seed() + "-" + i;
                      String body =
                          "--"
                              + boundary
                              + "\r\nContent-Disposition: form-data; name=\"file\";"
                              + " filename=\"b\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                              + data
                              + "\r\n--"
                              + boundary
                              + "--\r\n";
                      HttpConnection.Response r =
                          c.send(
                              "POST",
                              "/api/v0/block/put?cid-codec=raw&mhtype=sha2-256",
                              "multipart/form-data; boundary=" + boundary,
                              body.getBytes(StandardCharsets.US_ASCII));
                      if (r.status() != 200 || !r.text().contains(cid(i).toString())) {
                        throw new IllegalStateException("block/put " + i + ": " + r.text());
                      }
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    System.out.printf(
        "put %,d blocks into the node in %.1f s (not part of the measurement)%n",
        n, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Polls {@code GET /pins?filter=pin_queued,pinning} (the tracker's operations only, cheap) until
   * nothing is left, then checks for errors: the drain rate is the measured pins over the time from
   * the first measured request until the tracker is idle.
   */
  private void drain(long start, long ingestEnd, long total) throws Exception {
    long pendingAtEnd = -1;
    double cpuAtEnd = peer == null ? 0 : peer.cpuSeconds();
    long idleAt;
    try (HttpConnection c = new HttpConnection(o.api())) {
      while (true) {
        long pending = lines(c.send("GET", "/pins?filter=pin_queued,pinning&local=true"));
        if (pendingAtEnd < 0) {
          pendingAtEnd = pending;
        }
        if (pending == 0) {
          idleAt = System.nanoTime();
          if (peer != null && pendingAtEnd > 0) {
            System.out.printf(
                "drain after ingestion: peer CPU %.0f µs a pin (tracker, IPFS node, polling)%n",
                (peer.cpuSeconds() - cpuAtEnd) * 1e6 / pendingAtEnd);
          }
          break;
        }
        Thread.sleep(100);
      }
      long failed = lines(c.send("GET", "/pins?filter=pin_error,cluster_error&local=true"));
      double all = (idleAt - start) / 1e9;
      double after = (idleAt - ingestEnd) / 1e9;
      System.out.printf(
          "drain: tracker idle %.2f s after the first measured request (%.2f s after the last"
              + " answer; %,d pins were queued or pinning then); %,.0f pins/s pinned in IPFS"
              + " overall, %,.0f pins/s after ingestion; %d in error%n",
          all, after, pendingAtEnd, o.count() / all, pendingAtEnd / Math.max(after, 1e-9), failed);
      long pinned = StreamRead.read(o.api(), "/pins?filter=pinned&local=true", null).items();
      System.out.printf("pinned now: %,d pins (this run put %,d)%n", pinned, total);
      if (peer != null) {
        System.out.println(peer.memoryLine());
      }
    }
  }

  private static long lines(HttpConnection.Response r) {
    if (r.status() == 204) {
      return 0;
    }
    if (r.status() != 200) {
      throw new IllegalStateException("status " + r.status() + ": " + r.text());
    }
    long n = 0;
    for (byte b : r.body()) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }
}

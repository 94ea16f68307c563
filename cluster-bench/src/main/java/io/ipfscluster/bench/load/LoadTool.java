package io.ipfscluster.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.api.json.PinJson;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster-bench load tool: drives a running peer through its REST API and reports rates,
 * latencies and the peer's memory. Subcommands:
 *
 * <ul>
 *   <li>{@code pin [--api URL] [--clients 32] [--count 100000] [--warmup 2000] [--blocks
 *       identity|put] [--ipfs URL] [--seed S] [--drain] [--pid PID] [--rmin N] [--rmax N] [--query
 *       Q]}: pin ingestion through {@code POST /pins/{cid}}, closed loop, then (with {@code
 *       --drain}) the time until the tracker has pinned them all in IPFS; {@code --rmin}/ {@code
 *       --rmax} and {@code --query} (e.g. {@code user-allocations=ID}) go into the query string of
 *       every pin request;
 *   <li>{@code stream [--api URL] [--path /allocations] [--rounds 3] [--pid PID]}: reads an NDJSON
 *       stream and counts its items, sampling the peer's RSS;
 *   <li>{@code gen --count N --out FILE [--seed S]}: writes N identity-CID pins as NDJSON for
 *       {@code ipfs-cluster-service state import};
 *   <li>{@code nodepin --ipfs URL --count N [--batch 1000] [--seed S]}: pins the same N CIDs
 *       straight into the IPFS node ({@code /api/v0/pin/add} with many {@code arg}s), so that a
 *       peer started on that pinset finds them pinned;
 *   <li>{@code rss --pid PID}: the peer's VmRSS and VmHWM.
 * </ul>
 *
 * <p>Every request goes to loopback or wherever {@code --api} points; each run is bounded by its
 * count. Not thread-safe; a command-line entry point.
 */
public final class LoadTool {
  private LoadTool() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: LoadTool pin|stream|gen|rss [--option value]… (see the Javadoc)");
      System.exit(2);
    }
    Map<String, String> f = flags(args);
    URI api = URI.create(f.getOrDefault("api", "http://127.0.0.1:9094"));
    long pid = Long.parseLong(f.getOrDefault("pid", "0"));
    switch (args[0]) {
      case "pin" ->
          new PinLoad(
                  new PinLoad.Options(
                      api,
                      URI.create(f.getOrDefault("ipfs", "http://127.0.0.1:5001")),
                      Integer.parseInt(f.getOrDefault("clients", "32")),
                      Long.parseLong(f.getOrDefault("count", "100000")),
                      Long.parseLong(f.getOrDefault("warmup", "2000")),
                      PinLoad.Blocks.valueOf(f.getOrDefault("blocks", "identity").toUpperCase()),
                      f.getOrDefault("seed", Long.toString(System.currentTimeMillis())),
                      f.containsKey("drain"),
                      pid,
                      query(f)))
              .run();
      case "stream" -> stream(api, f.getOrDefault("path", "/allocations"), f, pid);
      case "gen" ->
          gen(
              Path.of(f.get("out")),
              Long.parseLong(f.getOrDefault("count", "1000000")),
              f.getOrDefault("seed", "state"));
      case "nodepin" ->
          nodePin(
              URI.create(f.getOrDefault("ipfs", "http://127.0.0.1:5001")),
              Long.parseLong(f.getOrDefault("count", "1000000")),
              Integer.parseInt(f.getOrDefault("batch", "1000")),
              f.getOrDefault("seed", "state"));
      case "rss" -> System.out.println(new ProcessStats(pid).memoryLine());
      default -> {
        System.err.println("unknown subcommand " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void stream(URI api, String path, Map<String, String> f, long pid)
      throws Exception {
    int rounds = Integer.parseInt(f.getOrDefault("rounds", "3"));
    ProcessStats peer = pid > 0 ? new ProcessStats(pid) : null;
    System.out.printf(
        "GET %s%s, %d rounds%s%n",
        api, path, rounds, peer == null ? "" : ", " + peer.memoryLine() + " before");
    for (int r = 1; r <= rounds; r++) {
      StreamRead.Result res = StreamRead.read(api, path, peer);
      System.out.printf(
          "round %d: %,d items in %.2f s = %,.0f items/s, %.1f MB/s; peer RSS peak %,d MiB during,"
              + " %,d MiB after; load %.1f%n",
          r,
          res.items(),
          res.seconds(),
          res.items() / res.seconds(),
          res.bytes() / res.seconds() / 1e6,
          res.peakRssKib() >> 10,
          res.rssAfterKib() >> 10,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    if (peer != null) {
      System.out.println(peer.memoryLine());
    }
  }

  /** N pins of identity CIDs with names, pinned everywhere, as {@code state export} writes. */
  /** The query of each pin request: {@code --rmin} / {@code --rmax} as replication factors. */
  /** The query string of each pin request: {@code --rmin}, {@code --rmax}, then {@code --query}. */
  private static String query(Map<String, String> f) {
    StringBuilder q = new StringBuilder();
    if (f.containsKey("rmin")) {
      q.append("replication-min=").append(Integer.parseInt(f.get("rmin")));
    }
    if (f.containsKey("rmax")) {
      q.append(q.isEmpty() ? "" : "&")
          .append("replication-max=")
          .append(Integer.parseInt(f.get("rmax")));
    }
    if (f.containsKey("query")) {
      q.append(q.isEmpty() ? "" : "&").append(f.get("query"));
    }
    return q.toString();
  }

  private static void gen(Path out, long count, String seed) throws Exception {
    PinLoad cids =
        new PinLoad(
            new PinLoad.Options(
                null, null, 1, count, 0, PinLoad.Blocks.IDENTITY, seed, false, 0, ""));
    try (OutputStream file = Files.newOutputStream(out);
        JsonGenerator g =
            ClusterJson.mapper().getFactory().createGenerator(file, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      for (long i = 0; i < count; i++) {
        PinOptions options =
            PinOptions.defaults().withReplication(-1, -1).withName("load/item-" + i + ".bin");
        PinJson.write(g, Pin.of(cids.cid(i), options).withTimestamp(now));
        g.writeRaw('\n');
      }
    }
    System.out.printf("wrote %,d pins to %s (%,d bytes)%n", count, out, Files.size(out));
  }

  private static void nodePin(URI ipfs, long count, int batch, String seed) throws Exception {
    PinLoad cids =
        new PinLoad(
            new PinLoad.Options(
                null, null, 1, count, 0, PinLoad.Blocks.IDENTITY, seed, false, 0, ""));
    long start = System.nanoTime();
    try (HttpConnection c = new HttpConnection(ipfs)) {
      for (long from = 0; from < count; from += batch) {
        StringBuilder path = new StringBuilder("/api/v0/pin/add?recursive=true");
        for (long i = from; i < Math.min(count, from + batch); i++) {
          path.append("&arg=").append(cids.cid(i));
        }
        HttpConnection.Response r = c.send("POST", path.toString());
        if (r.status() != 200) {
          throw new IllegalStateException("pin/add at " + from + ": " + r.text());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "pinned %,d CIDs in the node in %.1f s (%,.0f pins/s)%n", count, seconds, count / seconds);
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.equals("drain")) {
        f.put(key, "true");
      } else {
        f.put(key, args[++i]);
      }
    }
    return f;
  }
}

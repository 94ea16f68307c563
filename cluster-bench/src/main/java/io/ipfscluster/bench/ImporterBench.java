package io.ipfscluster.bench;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the UnixFS importer (kubo defaults: 256 KiB chunks, balanced, CIDv0) into a discarding
 * sink.
 *
 * <pre>
 * throughput [--size 1g] [--rounds 3] [--dir /tmp]
 *     imports a random file and runs sha256sum over the same file, alternating, in one run;
 *     prints wall and CPU time of each and the ratio of throughputs (import / sha256sum)
 * memory [--size 4g] [--file PATH]
 *     imports a generated stream (or PATH) and prints the heap's peak use; run it with -Xmx256m
 * </pre>
 *
 * <p>The machine is shared, so beside wall time it prints CPU time: the JVM's process CPU time for
 * the import (GC and JIT included), and the children's CPU time from /proc/self/stat for sha256sum,
 * and the load average.
 */
public final class ImporterBench {
  private static final int MIB = 1 << 20;

  private ImporterBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    long size = option(args, "--size", args[0].equals("memory") ? "4g" : "1g");
    switch (args[0]) {
      case "throughput" ->
          throughput(
              size, (int) option(args, "--rounds", "3"), Path.of(text(args, "--dir", "/tmp")));
      case "memory" -> memory(size, text(args, "--file", null));
      default -> usage();
    }
  }

  private static void throughput(long size, int rounds, Path dir) throws Exception {
    Path file = dir.resolve("importer-bench-" + size + ".bin");
    if (!Files.exists(file) || Files.size(file) != size) {
      System.out.printf("writing %s (%d bytes of random data)%n", file, size);
      writeRandom(file, size);
    }
    System.out.printf("file %s, %.0f MiB; load average %s%n", file, size / (double) MIB, load());
    sha256sum(file); // warm the page cache
    importFile(file); // warm the JIT
    double bestImport = Double.MAX_VALUE;
    double bestSha = Double.MAX_VALUE;
    double bestImportCpu = Double.MAX_VALUE;
    double bestShaCpu = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      double[] sha = sha256sum(file);
      double[] imp = importFile(file);
      System.out.printf(
          Locale.ROOT,
          "round %d: sha256sum %.2f s wall %.2f s cpu (%.0f MB/s) | import %.2f s wall %.2f s cpu"
              + " (%.0f MB/s) | load %s%n",
          round,
          sha[0],
          sha[1],
          size / sha[0] / 1e6,
          imp[0],
          imp[1],
          size / imp[0] / 1e6,
          load());
      bestSha = Math.min(bestSha, sha[0]);
      bestShaCpu = Math.min(bestShaCpu, sha[1]);
      bestImport = Math.min(bestImport, imp[0]);
      bestImportCpu = Math.min(bestImportCpu, imp[1]);
    }
    System.out.printf(
        Locale.ROOT,
        "best: sha256sum %.0f MB/s, import %.0f MB/s: ratio %.2f by wall time, %.2f by CPU time%n",
        size / bestSha / 1e6,
        size / bestImport / 1e6,
        bestSha / bestImport,
        bestShaCpu / bestImportCpu);
  }

  /** Wall and process CPU seconds of one import of {@code file}. */
  private static double[] importFile(Path file) throws IOException {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    AddedOutput root;
    try (InputStream in = Files.newInputStream(file)) {
      root =
          UnixfsImporter.importAll(
              ImportOptions.defaults(),
              BlockSink.discard(),
              o -> {},
              List.of(ImportEntry.file(file.getFileName().toString(), in)));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    if (root.size() < Files.size(file)) {
      throw new IllegalStateException("imported " + root.size() + " bytes");
    }
    return new double[] {wall, cpu};
  }

  /** Wall and CPU seconds of {@code sha256sum file}. */
  private static double[] sha256sum(Path file) throws Exception {
    long[] before = childrenCpuTicks();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder("sha256sum", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sha256sum exited with " + p.exitValue());
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long[] after = childrenCpuTicks();
    double cpu = (after[0] + after[1] - before[0] - before[1]) / 100.0;
    return new double[] {wall, cpu};
  }

  private static void memory(long size, String file) throws IOException {
    System.out.printf(
        "importing %s (%d bytes), max heap %d MiB%n",
        file == null ? "a generated stream" : file, size, Runtime.getRuntime().maxMemory() / MIB);
    AtomicLong blocks = new AtomicLong();
    long t0 = System.nanoTime();
    AddedOutput root;
    try (InputStream in =
        file == null ? new RandomStream(size, 42) : Files.newInputStream(Path.of(file))) {
      root =
          UnixfsImporter.importAll(
              ImportOptions.defaults(),
              b -> blocks.incrementAndGet(),
              o -> {},
              List.of(ImportEntry.file("big", in)));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "root %s, size %d, %d blocks, %.1f s (%.0f MB/s), peak heap use %d MiB (sum of pool peaks)%n",
        root.cid(),
        root.size(),
        blocks.get(),
        wall,
        size / wall / 1e6,
        peak / MIB);
  }

  private static void writeRandom(Path file, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(20261127);
    byte[] buf = new byte[MIB];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), MIB)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** cutime and cstime (clock ticks, 100 per second on Linux) of reaped children. */
  private static long[] childrenCpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[13]), Long.parseLong(f[14])};
  }

  private static String load() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static long option(String[] args, String name, String fallback) {
    String v = text(args, name, fallback).toLowerCase(Locale.ROOT);
    long unit =
        switch (v.charAt(v.length() - 1)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1;
        };
    return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
  }

  private static String text(String[] args, String name, String fallback) {
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static void usage() {
    System.out.println(
        "usage: ImporterBench throughput [--size 1g] [--rounds 3] [--dir /tmp]\n"
            + "       ImporterBench memory [--size 4g] [--file PATH]   (run with -Xmx256m)");
  }
}

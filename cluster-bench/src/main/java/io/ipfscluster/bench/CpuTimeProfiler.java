package io.ipfscluster.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the benchmark threads per operation ({@code ·cpu},
 * ns/op), next to the wall-clock score. On a shared machine, other processes stretch wall time but
 * not the CPU time the benchmark itself uses, so {@code ·cpu} tells a real change from a busy
 * neighbour. Also reports the whole JVM's CPU time per operation ({@code ·cpu.process}: JIT, GC and
 * RocksDB's background threads included).
 *
 * <p>Use: {@code -prof io.ipfscluster.bench.CpuTimeProfiler}. Not thread-safe; JMH calls it from
 * one thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<Long, Long> workersBefore = Map.of();
  private long processBefore;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads and of the JVM, per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workersBefore = workerCpuNanos();
    processBefore = os.getProcessCpuTime();
  }

  @Override
  public List<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long process = os.getProcessCpuTime() - processBefore;
    long workers = 0;
    for (Map.Entry<Long, Long> e : workerCpuNanos().entrySet()) {
      workers += e.getValue() - workersBefore.getOrDefault(e.getKey(), 0L);
    }
    double ops = result.getMetadata().getAllOps();
    if (ops == 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("·cpu", workers / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("·cpu.process", process / ops, "ns/op", AggregationPolicy.AVG));
  }

  /** CPU time of the live JMH worker threads, by thread id. */
  private Map<Long, Long> workerCpuNanos() {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          out.put(info.getThreadId(), cpu);
        }
      }
    }
    return out;
  }
}

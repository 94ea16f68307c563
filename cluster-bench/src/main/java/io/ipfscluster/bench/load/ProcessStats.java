package io.ipfscluster.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory and CPU time of another process, read from {@code /proc/<pid>/status} ({@code VmRSS},
 * {@code VmHWM}) and {@code /proc/<pid>/stat} (user + system time). Linux only.
 *
 * <p>Thread-safe: stateless apart from the process id.
 */
record ProcessStats(long pid) {
  private static final double TICKS_PER_SECOND = 100.0;

  /** The resident set size now, in KiB, or -1 when the process is gone. */
  long rssKib() {
    return statusField("VmRSS:");
  }

  /** The peak resident set size so far, in KiB, or -1 when the process is gone. */
  long hwmKib() {
    return statusField("VmHWM:");
  }

  /** User plus system CPU time of the process so far, in seconds (USER_HZ assumed 100). */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException e) {
      return -1;
    }
  }

  /** One line for a report: RSS and its peak, in MiB. */
  String memoryLine() {
    return String.format("peer RSS %,d MiB (VmHWM %,d MiB)", rssKib() >> 10, hwmKib() >> 10);
  }

  private long statusField(String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
      for (String line : lines) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }
}

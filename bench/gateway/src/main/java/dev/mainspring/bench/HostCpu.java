package dev.mainspring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time counters ({@code /proc/stat}, the line of all CPUs), to tell how much time
 * the host took from this virtual machine while a run was measured: its <em>steal</em> time. When
 * another guest on the same host wants the physical cores, this guest's runnable threads wait
 * although its own CPUs look idle, and both paths' latencies show the host, not what is measured.
 *
 * @param steal the steal time so far, in clock ticks
 * @param total all CPU time so far (user, nice, system, idle, iowait, irq, softirq, steal)
 */
record HostCpu(long steal, long total) {

  private static final Path STAT = Path.of("/proc/stat");

  /** The counters now, or null where there is no {@code /proc/stat}. */
  static HostCpu now() {
    try {
      return parse(Files.readAllLines(STAT).get(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads the {@code cpu} line: the first eight numbers are the states summed up here. */
  static HostCpu parse(String line) {
    String[] fields = line.strip().split("\\s+");
    if (!fields[0].equals("cpu") || fields.length < 9) {
      throw new IllegalArgumentException("not the line of all CPUs: " + line);
    }
    long total = 0;
    for (int i = 1; i <= 8; i++) {
      total += Long.parseLong(fields[i]);
    }
    return new HostCpu(Long.parseLong(fields[8]), total);
  }

  /** The share of CPU time stolen since {@code earlier}, in percent; NaN when unknown. */
  static double stealPercent(HostCpu earlier, HostCpu later) {
    if (earlier == null || later == null || later.total <= earlier.total) {
      return Double.NaN;
    }
    return 100.0 * (later.steal - earlier.steal) / (later.total - earlier.total);
  }
}

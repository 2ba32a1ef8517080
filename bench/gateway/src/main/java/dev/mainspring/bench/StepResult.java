package dev.mainspring.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one path did at one rate and mode, over the measured requests only (those planned after the
 * warm-up).
 *
 * @param rate the rate asked for, requests per second
 * @param sent how many measured requests were sent
 * @param latency total latencies of the successful ones, in nanoseconds
 * @param firstData times to the first {@code data:} line of the successful streams
 * @param errors failed requests by reason (a status, a timeout, no {@code [DONE]}, unfinished)
 * @param achievedRate successful responses per second over the measured window
 * @param maxSendLagMillis how late the generator sent its latest request (its own saturation)
 * @param calls the measured calls themselves, for {@code --samples}
 * @param windowStartNanos when the first measured call was planned
 * @param stealPercent the share of the machine's CPU time the host took while the run went on
 *     ({@link HostCpu}), NaN when unknown
 */
record StepResult(
    int rate,
    int sent,
    Percentiles latency,
    Percentiles firstData,
    Map<String, Integer> errors,
    double achievedRate,
    double maxSendLagMillis,
    List<Call> calls,
    long windowStartNanos,
    double stealPercent) {

  /** Builds the result from the measured calls of a run that lasted from start to its end. */
  static StepResult of(int rate, List<Call> measured, long windowStartNanos, double maxLagMillis) {
    long[] latencies = new long[measured.size()];
    long[] firsts = new long[measured.size()];
    int ok = 0;
    int withFirst = 0;
    long lastEnd = windowStartNanos;
    Map<String, Integer> errors = new TreeMap<>();
    for (Call call : measured) {
      if (!call.finished()) {
        errors.merge("unfinished", 1, Integer::sum);
        continue;
      }
      if (call.error() != null) {
        errors.merge(call.error(), 1, Integer::sum);
        continue;
      }
      latencies[ok++] = call.latencyNanos();
      if (call.timeToFirstDataNanos() > 0) {
        firsts[withFirst++] = call.timeToFirstDataNanos();
      }
      lastEnd = Math.max(lastEnd, call.endNanos());
    }
    double seconds = (lastEnd - windowStartNanos) / 1e9;
    return new StepResult(
        rate,
        measured.size(),
        new Percentiles(java.util.Arrays.copyOf(latencies, ok)),
        new Percentiles(java.util.Arrays.copyOf(firsts, withFirst)),
        errors,
        seconds > 0 ? ok / seconds : 0,
        maxLagMillis,
        List.copyOf(measured),
        windowStartNanos,
        Double.NaN);
  }

  /** This result, with the host's steal time during the run. */
  StepResult withSteal(double percent) {
    return new StepResult(
        rate,
        sent,
        latency,
        firstData,
        errors,
        achievedRate,
        maxSendLagMillis,
        calls,
        windowStartNanos,
        percent);
  }

  /**
   * Writes one line per measured call to {@code file}: when it was planned (ms after the window
   * started), its latency and its time to the first {@code data:} line (ms; 0 when not a stream),
   * and its error or {@code ok}. A first comment line gives the window's start as epoch
   * microseconds, to line the calls up with a server's logs or a recording.
   */
  void writeSamples(Path file) throws IOException {
    long epochStartMicros =
        System.currentTimeMillis() * 1000 - (System.nanoTime() - windowStartNanos) / 1000;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("# window start (epoch us) " + epochStartMicros);
      out.println("planned_ms,latency_ms,first_data_ms,outcome");
      for (Call call : calls) {
        String outcome =
            !call.finished() ? "unfinished" : call.error() == null ? "ok" : call.error();
        out.printf(
            Locale.ROOT,
            "%.3f,%.3f,%.3f,%s%n",
            (call.plannedNanos() - windowStartNanos) / 1e6,
            call.finished() ? call.latencyNanos() / 1e6 : Double.NaN,
            call.timeToFirstDataNanos() / 1e6,
            outcome);
      }
    }
  }

  int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }
}

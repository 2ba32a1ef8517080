package dev.mainspring.bench;

import java.util.List;
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
 */
record StepResult(
    int rate,
    int sent,
    Percentiles latency,
    Percentiles firstData,
    Map<String, Integer> errors,
    double achievedRate,
    double maxSendLagMillis) {

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
        maxLagMillis);
  }

  int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }
}

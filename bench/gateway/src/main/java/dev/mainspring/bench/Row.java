package dev.mainspring.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * One rate and mode, run in trials: each trial directly against the stub and then through
 * Mainspring, back to back. A trial's added figure is the difference of the two paths' percentiles
 * (via minus direct), not a percentile of differences: the two runs are separate, so single
 * requests cannot be paired. The row reports the median over the trials, so that one trial in which
 * the shared machine stalled (its send lag shows it) does not decide the figure alone; every
 * trial's added p99 is listed as well.
 */
record Row(int rate, Mode mode, List<StepResult> direct, List<StepResult> via) {

  /** The share of the asked rate that must be answered for the rate to count as held. */
  static final double HELD_SHARE = 0.95;

  int trials() {
    return Math.min(direct.size(), via.size());
  }

  /** The median over the trials of the direct path's percentile. */
  double directMillis(double percent) {
    return median(direct, r -> r.latency().millisAt(percent));
  }

  double viaMillis(double percent) {
    return median(via, r -> r.latency().millisAt(percent));
  }

  /** Each trial's added latency at {@code percent}, in the order run. */
  double[] addedMillisByTrial(double percent) {
    return IntStream.range(0, trials())
        .mapToDouble(
            i -> via.get(i).latency().millisAt(percent) - direct.get(i).latency().millisAt(percent))
        .toArray();
  }

  /** The median over the trials of the added latency at {@code percent}. */
  double addedMillis(double percent) {
    return median(addedMillisByTrial(percent));
  }

  double addedFirstDataMillis(double percent) {
    return median(
        IntStream.range(0, trials())
            .mapToDouble(
                i ->
                    via.get(i).firstData().millisAt(percent)
                        - direct.get(i).firstData().millisAt(percent))
            .toArray());
  }

  int errors(List<StepResult> path) {
    return path.stream().mapToInt(StepResult::errorCount).sum();
  }

  /** The lowest rate answered through Mainspring in any trial. */
  double achievedVia() {
    return via.stream().mapToDouble(StepResult::achievedRate).min().orElse(0);
  }

  double maxSendLag(List<StepResult> path) {
    return path.stream().mapToDouble(StepResult::maxSendLagMillis).max().orElse(Double.NaN);
  }

  /** The most CPU time the host took during a kept trial of {@code path}, in percent. */
  double maxSteal(List<StepResult> path) {
    return path.stream()
        .mapToDouble(StepResult::stealPercent)
        .filter(steal -> !Double.isNaN(steal))
        .max()
        .orElse(Double.NaN);
  }

  boolean anySuccessVia() {
    return via.stream().anyMatch(r -> r.latency().count() > 0);
  }

  /** Mainspring answered every measured request of every trial and kept up with the rate. */
  boolean heldViaMainspring() {
    return errors(via) == 0 && achievedVia() >= HELD_SHARE * rate;
  }

  private static double median(List<StepResult> results, ToDoubleFunction<StepResult> figure) {
    return median(results.stream().mapToDouble(figure).toArray());
  }

  /** The median (the mean of the middle two for an even count); NaN when there is none. */
  static double median(double[] values) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (known.length == 0) {
      return Double.NaN;
    }
    int middle = known.length / 2;
    return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
  }

  /** For callers that format per-trial figures. */
  static String join(double[] values, Function<Double, String> format) {
    return String.join(", ", Arrays.stream(values).mapToObj(format::apply).toList());
  }
}

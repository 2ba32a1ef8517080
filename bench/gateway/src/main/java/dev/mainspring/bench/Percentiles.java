package dev.mainspring.bench;

import java.util.Arrays;

/** Exact percentiles of recorded samples, by the nearest-rank method over the sorted values. */
final class Percentiles {

  private final long[] sorted;

  Percentiles(long[] samples) {
    this.sorted = samples.clone();
    Arrays.sort(this.sorted);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The smallest sample that at least {@code percent} per cent of the samples do not exceed; NaN
   * without samples.
   */
  double at(double percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** {@link #at} in milliseconds, for samples in nanoseconds. */
  double millisAt(double percent) {
    return at(percent) / 1_000_000.0;
  }
}

package dev.mainspring.bench;

/**
 * One rate and mode, run directly against the stub and then through Mainspring. Added figures are
 * the difference of the two paths' percentiles (via minus direct), not percentiles of differences:
 * the two runs are separate, so single requests cannot be paired.
 */
record Row(int rate, Mode mode, StepResult direct, StepResult via) {

  /** The share of the asked rate that must be answered for the rate to count as held. */
  static final double HELD_SHARE = 0.95;

  double addedMillis(double percent) {
    return via.latency().millisAt(percent) - direct.latency().millisAt(percent);
  }

  double addedFirstDataMillis(double percent) {
    return via.firstData().millisAt(percent) - direct.firstData().millisAt(percent);
  }

  /** Mainspring answered every measured request and kept up with the rate. */
  boolean heldViaMainspring() {
    return via.errorCount() == 0 && via.achievedRate() >= HELD_SHARE * rate;
  }
}

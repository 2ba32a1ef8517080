package dev.mainspring.bench;

import java.time.Duration;

/** Drives one endpoint at a fixed rate, open loop, and measures it. */
interface Runner {

  /** Runs {@code warmup} then {@code measured} at {@code rate}; the result covers the latter. */
  StepResult run(Endpoint endpoint, Mode mode, int rate, Duration warmup, Duration measured)
      throws InterruptedException;
}

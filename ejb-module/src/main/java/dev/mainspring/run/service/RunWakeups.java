package dev.mainspring.run.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets a service that queued or resumed a run have this instance look for work at once instead of
 * at its next poll ({@link RunWorker} registers itself here).
 */
@ApplicationScoped
public class RunWakeups {

  private volatile Runnable listener = () -> {};

  void register(Runnable wake) {
    this.listener = wake;
  }

  /** Asks this instance's worker to look for runs to claim now. */
  public void wake() {
    listener.run();
  }
}

package dev.mainspring.run.service;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The run engine's configuration keys (docs/operations.md lists them). */
@ApplicationScoped
public class RunSettings {

  @Inject
  @ConfigProperty(name = "mainspring.runs.max-concurrent", defaultValue = "32")
  int maxConcurrent;

  @Inject
  @ConfigProperty(name = "mainspring.runs.lease-seconds", defaultValue = "30")
  int leaseSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.runs.poll-ms", defaultValue = "500")
  int pollMillis;

  @Inject
  @ConfigProperty(name = "mainspring.runs.max-active-per-user", defaultValue = "10")
  int maxActivePerUser;

  @Inject
  @ConfigProperty(name = "mainspring.runs.max-active-per-org", defaultValue = "100")
  int maxActivePerOrg;

  @PostConstruct
  void check() {
    if (maxConcurrent < 1
        || leaseSeconds < 3
        || pollMillis < 10
        || maxActivePerUser < 1
        || maxActivePerOrg < 1) {
      throw new IllegalStateException(
          "mainspring.runs.*: max-concurrent, max-active-per-user and max-active-per-org must be"
              + " at least 1, lease-seconds at least 3, poll-ms at least 10");
    }
  }

  /** Most runs one instance executes at once. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** How long a claim holds a run without a heartbeat before another instance may take it. */
  public int leaseSeconds() {
    return leaseSeconds;
  }

  /** How often an instance looks for runs to claim and runs to stop. */
  public int pollMillis() {
    return pollMillis;
  }

  public int maxActivePerUser() {
    return maxActivePerUser;
  }

  public int maxActivePerOrg() {
    return maxActivePerOrg;
  }
}

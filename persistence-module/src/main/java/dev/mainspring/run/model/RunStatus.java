package dev.mainspring.run.model;

import java.util.Locale;
import java.util.Set;

/** Where a run stands; the wire name is the lower-case name. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  AWAITING_APPROVAL,
  COMPLETED,
  FAILED,
  STOPPED;

  /** The statuses of a run that has not ended. */
  public static final Set<RunStatus> ACTIVE = Set.of(QUEUED, RUNNING, AWAITING_APPROVAL);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  public static RunStatus of(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}

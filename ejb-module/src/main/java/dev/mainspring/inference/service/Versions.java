package dev.mainspring.inference.service;

import dev.mainspring.platform.error.PreconditionFailedException;

/** The If-Match check of the control plane's resources: a stale version changes nothing (412). */
public final class Versions {

  private Versions() {}

  /** Passes when {@code expected} is null (the client does not care) or equals {@code actual}. */
  public static void check(String what, long actual, Long expected) {
    if (expected != null && expected != actual) {
      throw new PreconditionFailedException(
          what + " is at version " + actual + ", not " + expected);
    }
  }
}

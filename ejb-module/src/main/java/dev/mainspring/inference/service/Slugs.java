package dev.mainspring.inference.service;

/** The shape of provider and deployment slugs: lower-case letters, digits and dashes. */
public final class Slugs {

  public static final String PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$";
  public static final String MESSAGE =
      "must be 1 to 64 lower-case letters, digits or dashes, not starting with a dash";

  private Slugs() {}
}

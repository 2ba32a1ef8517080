package dev.mainspring.model.service;

/** The shape of provider and deployment slugs: lower-case letters, digits and dashes. */
final class Slugs {

  static final String PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$";
  static final String MESSAGE =
      "must be 1 to 64 lower-case letters, digits or dashes, not starting with a dash";

  private Slugs() {}
}

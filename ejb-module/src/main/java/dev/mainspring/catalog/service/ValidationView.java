package dev.mainspring.catalog.service;

import java.util.List;

/**
 * What a validation found: {@code valid} when there are no errors; warnings name what works now but
 * limits the agent or tool (a runtime that is not bound yet).
 */
public record ValidationView(
    String id, int version, boolean valid, List<Finding> errors, List<Finding> warnings) {

  /** One finding, with the member it is about. */
  public record Finding(String field, String code, String message) {}
}

package dev.mainspring.knowledge.service.vector;

import dev.mainspring.platform.error.ConflictException;

/** A vector of other dimensions than its index's: 409 {@code vector_dimensions_mismatch}. */
public class VectorDimensionsException extends ConflictException {

  private static final long serialVersionUID = 1L;

  public VectorDimensionsException(int given, int expected) {
    super(
        "vector_dimensions_mismatch",
        "a vector of " + given + " dimensions for an index of " + expected + " dimensions");
  }
}

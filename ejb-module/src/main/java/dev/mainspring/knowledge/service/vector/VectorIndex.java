package dev.mainspring.knowledge.service.vector;

import java.util.Objects;
import java.util.UUID;

/**
 * Where a store keeps one index: the vector_store provider instance that holds it and the index's
 * name (a knowledge base's {@code index_name}, or a proof route's {@code proof_<name>}). A store
 * that lives in this process (the built-in one) keys its indexes by name alone; one that talks to a
 * server (pgvector) finds the server through the provider instance.
 *
 * @param provider the provider instance's id; null only where no instance is concerned (tests and
 *     benchmarks of the built-in store)
 * @param name the index's name
 */
public record VectorIndex(UUID provider, String name) {

  public VectorIndex {
    Objects.requireNonNull(name, "name");
  }

  /** An index of no particular provider instance (the built-in store ignores it). */
  public static VectorIndex named(String name) {
    return new VectorIndex(null, name);
  }
}

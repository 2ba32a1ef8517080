package dev.mainspring.knowledge.service.vector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;

/** The vector-store adapters there are, by provider family. */
@ApplicationScoped
public class VectorStores {

  @Inject @Any Instance<VectorStore> stores;

  /** The adapter of the family; empty when no class serves it (yet). */
  public Optional<VectorStore> forFamily(String family) {
    return stores.stream().filter(store -> store.family().equals(family)).findFirst();
  }

  /** Every adapter. */
  public Iterable<VectorStore> all() {
    return stores;
  }
}

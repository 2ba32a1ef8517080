package dev.mainspring.inference.model.provider;

import dev.mainspring.platform.error.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The seeded provider families. */
@ApplicationScoped
public class ProviderFamilyRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public List<ProviderFamily> listAll() {
    return em.createQuery("select f from ProviderFamily f order by f.key", ProviderFamily.class)
        .getResultList();
  }

  public Optional<ProviderFamily> find(String key) {
    return Optional.ofNullable(em.find(ProviderFamily.class, key));
  }

  /** The family, or 404 {@code provider_family_not_found}. */
  public ProviderFamily get(String key) {
    return find(key)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "provider_family_not_found", "there is no provider family " + key));
  }
}

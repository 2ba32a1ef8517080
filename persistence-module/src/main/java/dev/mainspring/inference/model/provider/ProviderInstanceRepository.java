package dev.mainspring.inference.model.provider;

import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Provider instances. */
@ApplicationScoped
public class ProviderInstanceRepository extends JpaRepository<ProviderInstance> {

  public ProviderInstanceRepository() {
    super(ProviderInstance.class, "provider");
  }

  public List<ProviderInstance> listAll() {
    return em.createQuery(
            "select p from ProviderInstance p order by p.slug", ProviderInstance.class)
        .getResultList();
  }

  public Optional<ProviderInstance> findBySlug(String slug) {
    return em.createQuery(
            "select p from ProviderInstance p where p.slug = :slug", ProviderInstance.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  /**
   * The provider, locked against changes until the current transaction ends ({@code select ... for
   * update}): for a step that records what was found about the provider and must not race a change
   * of it. 404 {@code provider_not_found} when it is gone.
   */
  public ProviderInstance getLocked(UUID id) {
    ProviderInstance provider = em.find(ProviderInstance.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (provider == null) {
      throw NotFoundException.of("provider", id);
    }
    return provider;
  }

  /** How many deployment bindings and managed models refer to the provider. */
  public long countReferences(UUID providerId) {
    long bindings =
        em.createQuery(
                "select count(b) from DeploymentBinding b where b.providerId = :id", Long.class)
            .setParameter("id", providerId)
            .getSingleResult();
    long models =
        em.createQuery("select count(m) from ManagedModel m where m.providerId = :id", Long.class)
            .setParameter("id", providerId)
            .getSingleResult();
    return bindings + models;
  }

  /** How many provider instances refer to a saved credential. */
  public long countUsingCredential(String ref) {
    return em.createQuery(
            "select count(p) from ProviderInstance p where p.apiKeyRef = :ref", Long.class)
        .setParameter("ref", ref)
        .getSingleResult();
  }

  @Override
  protected UUID idOf(ProviderInstance provider) {
    return provider.getId();
  }
}

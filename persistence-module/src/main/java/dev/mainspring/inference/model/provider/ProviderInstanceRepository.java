package dev.mainspring.inference.model.provider;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
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

  /** 409 {@code provider_slug_taken}; {@code slug} may be null when unknown. */
  public static ConflictException slugTaken(String slug) {
    return new ConflictException(
        "provider_slug_taken",
        "a provider with " + (slug == null ? "this slug" : "slug " + slug) + " exists");
  }

  /**
   * 409 {@code provider_in_use}: deployment bindings or managed models refer to the provider {@code
   * slug} (null when unknown).
   */
  public static ConflictException inUse(String slug, String references) {
    return new ConflictException(
        "provider_in_use",
        (slug == null ? "the provider" : "provider " + slug) + " is used by " + references);
  }

  /**
   * The slug of another provider; a loaded model or a referring binding or model that changed
   * meanwhile (the answers {@code ProviderService} gives when it sees them first).
   */
  @Override
  protected MainspringException translate(IntegrityViolation violation, ProviderInstance provider) {
    String slug = provider == null ? null : provider.getSlug();
    if (violation.is(Kind.DUPLICATE, "provider_instances_slug_key")) {
      return slugTaken(slug);
    }
    if (violation.is(Kind.MISSING_REFERENCE, "provider_instances_loaded_model_fk")) {
      return new InvalidRequestException(
          "unknown_model",
          provider == null
              ? "the loaded model does not exist"
              : "there is no managed model " + provider.getLoadedModelId());
    }
    if (violation.kind() == Kind.STILL_REFERENCED) {
      return inUse(slug, "deployment bindings or managed models");
    }
    return null;
  }

  @Override
  protected UUID idOf(ProviderInstance provider) {
    return provider.getId();
  }
}

package dev.mainspring.inference.model.deployment;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.PersistenceErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deployment profiles, their bindings and the activation audit. */
@ApplicationScoped
public class DeploymentRepository extends JpaRepository<DeploymentProfile> {

  private static final long ACTIVATION_LOCK = 0x6d61696e5f616374L;

  public DeploymentRepository() {
    super(DeploymentProfile.class, "deployment");
  }

  public List<DeploymentProfile> listAll() {
    return em.createQuery(
            "select d from DeploymentProfile d order by d.slug", DeploymentProfile.class)
        .getResultList();
  }

  public Optional<DeploymentProfile> findBySlug(String slug) {
    return em.createQuery(
            "select d from DeploymentProfile d where d.slug = :slug", DeploymentProfile.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  public Optional<DeploymentProfile> findActive() {
    return em.createQuery(
            "select d from DeploymentProfile d where d.active = true", DeploymentProfile.class)
        .getResultStream()
        .findFirst();
  }

  /** The profile's bindings, in capability order. */
  public List<DeploymentBinding> bindings(UUID deploymentId) {
    return em.createQuery(
            "select b from DeploymentBinding b where b.deploymentId = :id order by b.capability",
            DeploymentBinding.class)
        .setParameter("id", deploymentId)
        .getResultList();
  }

  public Optional<DeploymentBinding> binding(UUID deploymentId, String capability) {
    return em.createQuery(
            "select b from DeploymentBinding b"
                + " where b.deploymentId = :id and b.capability = :capability",
            DeploymentBinding.class)
        .setParameter("id", deploymentId)
        .setParameter("capability", capability)
        .getResultStream()
        .findFirst();
  }

  /**
   * Stores a new binding now: 409 {@code concurrent_modification} when another request bound the
   * capability at the same time, 404 {@code deployment_not_found} when the profile was deleted
   * meanwhile, 400 {@code unknown_provider} or {@code unknown_model} when what it names was.
   */
  public void addBinding(DeploymentBinding binding) {
    em.persist(binding);
    write(false, v -> bindingViolation(v, binding));
  }

  public void removeBinding(DeploymentBinding binding) {
    em.remove(binding);
  }

  public void addAudit(ActivationAuditEvent event) {
    em.persist(event);
  }

  /** 409 {@code deployment_slug_taken}; {@code slug} may be null when unknown. */
  public static ConflictException slugTaken(String slug) {
    return new ConflictException(
        "deployment_slug_taken",
        "a deployment with " + (slug == null ? "this slug" : "slug " + slug) + " exists");
  }

  public List<ActivationAuditEvent> audit(int limit) {
    return em.createQuery(
            "select e from ActivationAuditEvent e order by e.id desc", ActivationAuditEvent.class)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Serializes changes of what is active (activations, the runtime mode, the bootstrap's seeding)
   * across instances, until the current transaction ends.
   */
  public void lockActivation() {
    em.createNativeQuery("select pg_advisory_xact_lock(?1)")
        .setParameter(1, ACTIVATION_LOCK)
        .getSingleResult();
  }

  /** The single runtime-profile row. */
  public RuntimeProfile runtimeProfile() {
    return em.find(RuntimeProfile.class, RuntimeProfile.ROW);
  }

  /**
   * The slug of another profile (the answer {@code DeploymentService} gives when it sees it first),
   * a second active profile, and what a binding changed by a plain flush names.
   */
  @Override
  protected MainspringException translate(
      IntegrityViolation violation, DeploymentProfile deployment) {
    if (violation.is(Kind.DUPLICATE, "deployment_profiles_slug_key")) {
      return slugTaken(deployment == null ? null : deployment.getSlug());
    }
    if (violation.is(Kind.DUPLICATE, "deployment_profiles_one_active")) {
      return new ConflictException(
          "concurrent_modification",
          "another deployment profile was activated at the same time; read them again");
    }
    return bindingViolation(violation, null);
  }

  private static MainspringException bindingViolation(
      IntegrityViolation violation, DeploymentBinding binding) {
    if (violation.is(Kind.DUPLICATE, "deployment_bindings_deployment_id_capability_key")
        || violation.is(Kind.MISSING_REFERENCE, "deployment_binding_models_binding_id_fkey")) {
      return PersistenceErrors.concurrentModification("the binding");
    }
    if (violation.is(Kind.MISSING_REFERENCE, "deployment_bindings_deployment_id_fkey")) {
      return binding == null
          ? new NotFoundException("deployment_not_found", "the deployment was deleted")
          : NotFoundException.of("deployment", binding.getDeploymentId());
    }
    if (violation.is(Kind.MISSING_REFERENCE, "deployment_bindings_provider_id_fkey")) {
      return new InvalidRequestException(
          "unknown_provider",
          binding == null
              ? "the binding's provider does not exist"
              : "there is no provider " + binding.getProviderId());
    }
    if (violation.is(Kind.MISSING_REFERENCE, "deployment_bindings_default_model_id_fkey")
        || violation.is(Kind.MISSING_REFERENCE, "deployment_binding_models_model_id_fkey")) {
      return new InvalidRequestException(
          "unknown_model", "a model the binding names does not exist");
    }
    return null;
  }

  @Override
  protected UUID idOf(DeploymentProfile deployment) {
    return deployment.getId();
  }
}

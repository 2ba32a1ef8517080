package dev.mainspring.inference.model.deployment;

import dev.mainspring.platform.model.JpaRepository;
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

  public void addBinding(DeploymentBinding binding) {
    em.persist(binding);
  }

  public void removeBinding(DeploymentBinding binding) {
    em.remove(binding);
  }

  public void addAudit(ActivationAuditEvent event) {
    em.persist(event);
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

  @Override
  protected UUID idOf(DeploymentProfile deployment) {
    return deployment.getId();
  }
}

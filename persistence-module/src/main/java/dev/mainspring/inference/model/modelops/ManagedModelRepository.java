package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** ModelOps managed models, their validations and tests. */
@ApplicationScoped
public class ManagedModelRepository extends JpaRepository<ManagedModel> {

  public ManagedModelRepository() {
    super(ManagedModel.class, "model");
  }

  public List<ManagedModel> listAll() {
    return em.createQuery("select m from ManagedModel m order by m.modelKey", ManagedModel.class)
        .getResultList();
  }

  public List<ManagedModel> listByIds(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("select m from ManagedModel m where m.id in :ids", ManagedModel.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  public Optional<ManagedModel> findByKey(String modelKey) {
    return em.createQuery(
            "select m from ManagedModel m where m.modelKey = :key", ManagedModel.class)
        .setParameter("key", modelKey)
        .getResultStream()
        .findFirst();
  }

  /** How many managed models a provider instance runs. */
  public long countOnProvider(UUID providerId) {
    return em.createQuery(
            "select count(m) from ManagedModel m where m.providerId = :id", Long.class)
        .setParameter("id", providerId)
        .getSingleResult();
  }

  /** How many deployment bindings list the model (as a resource or as their default). */
  public long countBindings(UUID modelId) {
    return em.createQuery(
            "select count(distinct b) from DeploymentBinding b left join b.modelIds m"
                + " where m = :id or b.defaultModelId = :id",
            Long.class)
        .setParameter("id", modelId)
        .getSingleResult();
  }

  /** How many bindings of the active deployment profile list the model. */
  public long countActiveBindings(UUID modelId) {
    return em.createQuery(
            "select count(distinct b) from DeploymentBinding b left join b.modelIds m"
                + " where (m = :id or b.defaultModelId = :id) and b.deploymentId in"
                + " (select d.id from DeploymentProfile d where d.active = true)",
            Long.class)
        .setParameter("id", modelId)
        .getSingleResult();
  }

  /** Marks the validations of the provider's models stale, after the provider changed. */
  public int invalidateValidations(UUID providerId) {
    return em.createQuery(
            "update ManagedModel m set m.validationCurrent = false where m.providerId = :id")
        .setParameter("id", providerId)
        .executeUpdate();
  }

  public void addValidation(ModelValidation validation) {
    em.persist(validation);
  }

  public List<ModelValidation> validations(UUID modelId) {
    return em.createQuery(
            "select v from ModelValidation v where v.modelId = :id order by v.id desc",
            ModelValidation.class)
        .setParameter("id", modelId)
        .setMaxResults(100)
        .getResultList();
  }

  public void addTest(ModelTestRun test) {
    em.persist(test);
  }

  public List<ModelTestRun> tests(UUID modelId) {
    return em.createQuery(
            "select t from ModelTestRun t where t.modelId = :id order by t.id desc",
            ModelTestRun.class)
        .setParameter("id", modelId)
        .setMaxResults(100)
        .getResultList();
  }

  public Optional<ModelAccess> access(UUID modelId) {
    return Optional.ofNullable(em.find(ModelAccess.class, modelId));
  }

  public List<ModelAccess> allAccess() {
    return em.createQuery("select a from ModelAccess a", ModelAccess.class).getResultList();
  }

  public void addAccess(ModelAccess access) {
    em.persist(access);
  }

  @Override
  protected UUID idOf(ManagedModel model) {
    return model.getId();
  }
}

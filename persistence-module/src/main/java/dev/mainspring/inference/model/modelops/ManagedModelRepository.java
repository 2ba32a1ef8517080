package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.PersistenceErrors;
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

  /** Stores a validation now; 404 {@code model_not_found} when the model was deleted meanwhile. */
  public void addValidation(ModelValidation validation) {
    em.persist(validation);
    write(false, v -> modelGone(v, "model_validations_model_id_fkey", validation.getModelId()));
  }

  public List<ModelValidation> validations(UUID modelId) {
    return em.createQuery(
            "select v from ModelValidation v where v.modelId = :id order by v.id desc",
            ModelValidation.class)
        .setParameter("id", modelId)
        .setMaxResults(100)
        .getResultList();
  }

  /** Stores a test run now; 404 {@code model_not_found} when the model was deleted meanwhile. */
  public void addTest(ModelTestRun test) {
    em.persist(test);
    write(false, v -> modelGone(v, "model_tests_model_id_fkey", test.getModelId()));
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

  /**
   * Stores the first sharing rule of a model now: 409 {@code concurrent_modification} when another
   * request stored one at the same time, 404 {@code model_not_found} when the model is gone.
   */
  public void addAccess(ModelAccess access) {
    em.persist(access);
    write(
        false,
        v -> {
          if (v.is(Kind.DUPLICATE, "model_access_pkey")) {
            return PersistenceErrors.concurrentModification("the model's sharing");
          }
          return modelGone(v, "model_access_model_id_fkey", access.getModelId());
        });
  }

  /** 409 {@code model_id_taken}; {@code modelKey} may be null when unknown. */
  public static ConflictException keyTaken(String modelKey) {
    return new ConflictException(
        "model_id_taken",
        modelKey == null ? "the model id is taken" : "a model " + modelKey + " exists");
  }

  /** 409 {@code model_in_use}: a deployment profile binds the model. */
  public static ConflictException inUse(String why) {
    return new ConflictException("model_in_use", why + "; remove it from the binding first");
  }

  /**
   * The key of another model, a provider deleted meanwhile, a binding made meanwhile (the answers
   * {@code ModelService} gives when it sees them first); an organization granted access that is
   * gone (seen on the flush of a sharing change).
   */
  @Override
  protected MainspringException translate(IntegrityViolation violation, ManagedModel model) {
    if (violation.is(Kind.MISSING_REFERENCE, "model_access_grants_org_id_fkey")) {
      return new InvalidRequestException(
          "unknown_organization", "an organization the rule grants does not exist");
    }
    if (violation.is(Kind.DUPLICATE, "managed_models_model_key_key")) {
      return keyTaken(model == null ? null : model.getModelKey());
    }
    if (violation.is(Kind.MISSING_REFERENCE, "managed_models_provider_id_fkey")) {
      return new InvalidRequestException(
          "unknown_provider",
          model == null
              ? "the model's provider does not exist"
              : "there is no provider " + model.getProviderId());
    }
    if (violation.kind() == Kind.STILL_REFERENCED) {
      return inUse("a deployment profile binds the model");
    }
    return null;
  }

  private static MainspringException modelGone(
      IntegrityViolation violation, String constraint, UUID modelId) {
    return violation.is(Kind.MISSING_REFERENCE, constraint)
        ? NotFoundException.of("model", modelId)
        : null;
  }

  @Override
  protected UUID idOf(ManagedModel model) {
    return model.getId();
  }
}

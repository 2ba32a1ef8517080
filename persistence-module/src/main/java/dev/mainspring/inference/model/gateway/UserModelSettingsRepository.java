package dev.mainspring.inference.model.gateway;

import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.PersistenceErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;

/** Per-user model settings. */
@ApplicationScoped
public class UserModelSettingsRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public Optional<UserModelSettings> find(UUID userId) {
    return Optional.ofNullable(em.find(UserModelSettings.class, userId));
  }

  /**
   * Stores a user's first settings now: 409 {@code concurrent_modification} when another request
   * stored them at the same time.
   */
  public void add(UserModelSettings settings) {
    em.persist(settings);
    PersistenceErrors.flush(
        em,
        "model_settings",
        false,
        v ->
            v.is(IntegrityViolation.Kind.DUPLICATE, "user_model_settings_pkey")
                ? PersistenceErrors.concurrentModification("the model settings")
                : null);
  }
}

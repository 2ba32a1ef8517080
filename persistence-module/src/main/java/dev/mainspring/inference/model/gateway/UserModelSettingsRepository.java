package dev.mainspring.inference.model.gateway;

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

  public void add(UserModelSettings settings) {
    em.persist(settings);
  }
}

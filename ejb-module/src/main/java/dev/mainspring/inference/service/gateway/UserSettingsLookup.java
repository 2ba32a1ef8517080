package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UserModelSettings;
import dev.mainspring.inference.model.gateway.UserModelSettingsRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * A user's model settings for the gateway, read in a transaction (the caller's, or a short one of
 * its own). The gateway is called with no transaction open, and a run's worker thread serves no
 * request: there the container's entity manager, used outside a transaction, was found closed under
 * the read ("Attempting to execute an operation on a closed EntityManager", RunsIT).
 */
@Stateless
public class UserSettingsLookup {

  @Inject UserModelSettingsRepository settings;

  public Optional<UserModelSettings> find(UUID userId) {
    return settings.find(userId);
  }
}

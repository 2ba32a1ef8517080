package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ByokKeyRepository;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.identity.service.token.TokenService;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a user's or an organization's own key for a gateway call, in a transaction of its own when
 * the caller has none (the gateway holds none, and a run's worker thread serves no request): it
 * names the organization itself rather than reading the request's caller.
 */
@Stateless
public class ByokSecrets {

  @Inject ByokKeyRepository keys;
  @Inject TenantSessions sessions;
  @Inject TokenService tokens;

  /**
   * The key in clear (the organization's own for a null {@code userId}); empty without one, or when
   * it was stored under another master key.
   */
  public Optional<ByokLookup.OwnKey> find(UUID orgId, UUID userId) {
    sessions.actFor(orgId);
    return (userId == null ? keys.findForOrganization(orgId) : keys.find(orgId, userId))
        .filter(k -> k.masterKeyId().equals(tokens.masterKey().id()))
        .map(
            k ->
                new ByokLookup.OwnKey(
                    k.baseUrl(),
                    new String(
                        tokens.masterKey().decrypt(k.encryptedSecret()), StandardCharsets.UTF_8)));
  }
}

package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ByokKey;
import dev.mainspring.billing.model.ByokKeyRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.token.TokenService;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.Timestamps;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The caller's own provider key (document E's {@code /api/billing/openrouter-key} group), one per
 * user within an organization: any member stores, reads the status of and removes their own key and
 * nobody else's; an API key acts for the user who made it and needs {@code billing:write} ({@code
 * billing:read} for the status). The key is encrypted under the master key, as provider credentials
 * are, and never leaves the server except towards the provider it was stored for.
 */
@Stateless
@TenantScoped
public class ByokKeyService {

  static final String READ = "billing:read";
  static final String WRITE = "billing:write";

  @Inject CurrentCaller currentCaller;
  @Inject ByokKeyRepository keys;
  @Inject TokenService tokens;
  @Inject ByokLookup lookup;

  /** The caller's stored key with its secret, for a test made outside this transaction. */
  public record StoredKey(String baseUrl, String apiKey, Instant updatedAt) {

    @Override
    public String toString() {
      return "StoredKey[baseUrl=" + baseUrl + "]";
    }
  }

  /** Stores the caller's key, replacing the one they had. */
  public ByokKeyStatusView store(ByokKeyRequest request) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    ByokKeyRequest given = request == null ? new ByokKeyRequest(null, null) : request;
    String apiKey = ByokKeys.apiKey(given.apiKey());
    String baseUrl = ByokKeys.baseUrl(given.baseUrl());
    ByokKey saved =
        keys.save(
            org,
            caller.userId(),
            baseUrl,
            tokens.masterKey().encrypt(apiKey.getBytes(StandardCharsets.UTF_8)),
            tokens.masterKey().id(),
            ByokKeys.hint(apiKey),
            Timestamps.now());
    lookup.forget(org, caller.userId());
    return ByokKeyStatusView.of(saved);
  }

  public ByokKeyStatusView status() {
    Caller caller = currentCaller.require(READ);
    return keys.find(caller.requireOrg(), caller.userId())
        .map(ByokKeyStatusView::of)
        .orElse(ByokKeyStatusView.NONE);
  }

  /** Removes the caller's key; 404 {@code byok_key_not_found} when they have none. */
  public void delete() {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    if (!keys.delete(org, caller.userId())) {
      throw notFound();
    }
    lookup.forget(org, caller.userId());
  }

  /**
   * The caller's stored key in clear, for {@link ByokKeyTests} alone; 404 {@code
   * byok_key_not_found} without one, or when it was stored under another master key.
   */
  public StoredKey stored() {
    Caller caller = currentCaller.require(WRITE);
    ByokKey key =
        keys.find(caller.requireOrg(), caller.userId())
            .filter(k -> k.masterKeyId().equals(tokens.masterKey().id()))
            .orElseThrow(ByokKeyService::notFound);
    return new StoredKey(
        key.baseUrl(),
        new String(tokens.masterKey().decrypt(key.encryptedSecret()), StandardCharsets.UTF_8),
        key.updatedAt());
  }

  /** Records a test of the stored key, unless it was replaced or removed since it was read. */
  public boolean recordTest(Instant keyUpdatedAt, Instant testedAt, boolean ok, String code) {
    Caller caller = currentCaller.require(WRITE);
    return keys.recordTest(caller.requireOrg(), caller.userId(), keyUpdatedAt, testedAt, ok, code);
  }

  static NotFoundException notFound() {
    return new NotFoundException("byok_key_not_found", "you have not stored a key of your own");
  }
}

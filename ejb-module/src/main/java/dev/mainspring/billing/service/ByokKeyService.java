package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ByokKey;
import dev.mainspring.billing.model.ByokKeyRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.token.TokenService;
import dev.mainspring.platform.error.ForbiddenException;
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
 *
 * <p>The organization's key ({@code ?scope=organization}) is one per organization: only its admins
 * store, remove and test it; every member may read its status (whether their calls can go out
 * uncharged is theirs to know), never the key. A gateway call uses the caller's own key, else the
 * organization's, else the platform's credential ({@link ByokLookup}).
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

  /** Stores the organization's key, replacing the one it had; its admins only. */
  public ByokKeyStatusView storeForOrganization(ByokKeyRequest request) {
    Caller caller = requireOrganizationAdmin();
    UUID org = caller.requireOrg();
    ByokKeyRequest given = request == null ? new ByokKeyRequest(null, null) : request;
    String apiKey = ByokKeys.apiKey(given.apiKey());
    String baseUrl = ByokKeys.baseUrl(given.baseUrl());
    ByokKey saved =
        keys.saveForOrganization(
            org,
            caller.userId(),
            baseUrl,
            tokens.masterKey().encrypt(apiKey.getBytes(StandardCharsets.UTF_8)),
            tokens.masterKey().id(),
            ByokKeys.hint(apiKey),
            Timestamps.now());
    lookup.forgetOrganization(org);
    return ByokKeyStatusView.of(saved);
  }

  /** The organization's key as any member may see it: whether there is one, never the key. */
  public ByokKeyStatusView organizationStatus() {
    Caller caller = currentCaller.require(READ);
    return keys.findForOrganization(caller.requireOrg())
        .map(ByokKeyStatusView::of)
        .orElse(ByokKeyStatusView.NONE);
  }

  /** Removes the organization's key; 404 {@code byok_key_not_found} when it has none. */
  public void deleteForOrganization() {
    UUID org = requireOrganizationAdmin().requireOrg();
    if (!keys.deleteForOrganization(org)) {
      throw organizationNotFound();
    }
    lookup.forgetOrganization(org);
  }

  /** The organization's key in clear, for {@link ByokKeyTests} alone; its admins only. */
  public StoredKey storedForOrganization() {
    UUID org = requireOrganizationAdmin().requireOrg();
    ByokKey key =
        keys.findForOrganization(org)
            .filter(k -> k.masterKeyId().equals(tokens.masterKey().id()))
            .orElseThrow(ByokKeyService::organizationNotFound);
    return new StoredKey(
        key.baseUrl(),
        new String(tokens.masterKey().decrypt(key.encryptedSecret()), StandardCharsets.UTF_8),
        key.updatedAt());
  }

  /** Records a test of the organization's key, unless it was replaced or removed since. */
  public boolean recordOrganizationTest(
      Instant keyUpdatedAt, Instant testedAt, boolean ok, String code) {
    UUID org = requireOrganizationAdmin().requireOrg();
    return keys.recordOrganizationTest(org, keyUpdatedAt, testedAt, ok, code);
  }

  /**
   * The caller, when they administer the request's organization (an API key acts for its user, with
   * {@code billing:write}); 403 {@code admin_required} for a member.
   */
  public Caller requireOrganizationAdmin() {
    Caller caller = currentCaller.require(WRITE);
    caller.requireOrg();
    if (!caller.isAdmin()) {
      throw new ForbiddenException(
          "admin_required", "only an admin of the organization manages its key");
    }
    return caller;
  }

  static NotFoundException organizationNotFound() {
    return new NotFoundException(
        "byok_key_not_found", "the organization has not stored a key of its own");
  }

  static NotFoundException notFound() {
    return new NotFoundException("byok_key_not_found", "you have not stored a key of your own");
  }
}

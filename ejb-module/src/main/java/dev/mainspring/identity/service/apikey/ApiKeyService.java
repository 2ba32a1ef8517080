package dev.mainspring.identity.service.apikey;

import dev.mainspring.identity.model.ApiKey;
import dev.mainspring.identity.model.ApiKeyRepository;
import dev.mainspring.identity.model.MembershipRepository;
import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import dev.mainspring.identity.service.AuditLog;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.IdentityChanges;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.UnauthorizedException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * API keys. A key belongs to the organization it was created in and acts only there, with the
 * rights of its scopes (never more than its creator's). Only people create and revoke keys: members
 * their own, admins any of the organization's. A revoked key fails on the very next request on this
 * instance (the revocation clears {@link VerifiedApiKeys}), and within its few seconds of memory on
 * the others.
 */
@Stateless
@TenantScoped
public class ApiKeyService {

  /**
   * {@code *}, or {@code <context>:read|write}, optionally narrowed to one resource: {@code
   * suites/<id>:read} (document D scopes keys by suite), or {@value #BILLING_ADMIN}.
   */
  static final Pattern SCOPE =
      Pattern.compile("\\*|[a-z_]+(/[A-Za-z0-9_.-]+)?:(read|write)|billing:admin");

  /**
   * The scope of document E's "admin API key" for the billing admin group; only a superadmin may
   * give it, and {@code *} does not include it.
   */
  static final String BILLING_ADMIN = "billing:admin";

  /**
   * The scopes a key gets when its creator names none: what the role may do through a key (write
   * implies read). Members and admins may do the same with a key today; what only an admin may do
   * (members, audit, keys of others) needs a person's token.
   */
  static final Map<OrgRole, List<String>> ROLE_SCOPES =
      Map.of(
          OrgRole.MEMBER,
              List.of("projects:write", "threads:write", "agents:write", "models:write"),
          OrgRole.ADMIN,
              List.of("projects:write", "threads:write", "agents:write", "models:write"));

  @Inject CurrentCaller currentCaller;
  @Inject ApiKeyRepository keys;
  @Inject MembershipRepository memberships;
  @Inject UserRepository users;
  @Inject TenantSessions sessions;
  @Inject AuditLog audit;
  @Inject IdentityChanges identityChanges;

  public ApiKeyView create(@NotNull @Valid NewApiKey request) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    UUID org = caller.requireOrg();
    List<String> scopes = request.scopes() == null ? defaultScopes(caller) : request.scopes();
    for (String scope : scopes) {
      if (!SCOPE.matcher(scope).matches()) {
        throw new InvalidRequestException(
            "invalid_scope", "scope " + scope + " is not <context>:read, <context>:write or *");
      }
    }
    if (scopes.contains(BILLING_ADMIN) && !caller.superadmin()) {
      throw new ForbiddenException(
          "billing_admin_required",
          "only a superadmin may make a key with the scope billing:admin");
    }
    GeneratedApiKey generated = ApiKeys.generate();
    ApiKey key =
        new ApiKey(
            org,
            caller.userId(),
            request.name(),
            generated.prefix(),
            HexFormat.of().parseHex(generated.hash()),
            scopes,
            request.expiresAt());
    keys.add(key);
    keys.flush();
    audit.record(caller, "api_key_created", key.getPrefix());
    return ApiKeyView.of(key, generated.secret());
  }

  /** The scopes of the caller's role; a superadmin who is no member there gets an admin's. */
  static List<String> defaultScopes(Caller caller) {
    return ROLE_SCOPES.get(caller.orgRole() == null ? OrgRole.ADMIN : caller.orgRole());
  }

  /** The organization's active keys: all of them for an admin, one's own for a member. */
  public List<ApiKeyView> list() {
    Caller caller = currentCaller.get();
    caller.requireUser();
    caller.requireOrg();
    return keys.listActive().stream()
        .filter(k -> caller.isAdmin() || k.getUserId().equals(caller.userId()))
        .map(k -> ApiKeyView.of(k, null))
        .toList();
  }

  public void revoke(@NotNull UUID id) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    ApiKey key = keys.getInOrg(id, caller.requireOrg());
    if (key.getRevokedAt() != null
        || (!caller.isAdmin() && !key.getUserId().equals(caller.userId()))) {
      throw NotFoundException.of("api_key", id);
    }
    key.revoke();
    identityChanges.changed();
    audit.record(caller, "api_key_revoked", key.getPrefix());
  }

  /**
   * The caller a presented key stands for, and until when the key is valid; 401 for an unknown,
   * wrong, revoked or expired key, or one whose creator is no longer a member. Marks the key used.
   * Callers go through {@link VerifiedApiKeys}, which remembers the answer for a few seconds.
   */
  public VerifiedApiKey authenticate(String presented) {
    PresentedApiKey parsed = ApiKeys.parse(presented).orElseThrow(ApiKeyService::invalidKey);
    ApiKeyRepository.KeyLookup found =
        keys.lookup(parsed.prefix()).orElseThrow(ApiKeyService::invalidKey);
    Instant now = Instant.now();
    if (!ApiKeys.hashesMatch(HexFormat.of().formatHex(found.secretHash()), parsed.hash())
        || found.revokedAt() != null
        || (found.expiresAt() != null && !now.isBefore(found.expiresAt()))) {
      throw invalidKey();
    }
    var membership =
        memberships.find(found.orgId(), found.userId()).orElseThrow(ApiKeyService::invalidKey);
    User user = users.get(found.userId());
    sessions.bindTo(found.orgId());
    keys.touchLastUsed(found.id());
    return new VerifiedApiKey(
        new Caller(
            user.getId(),
            found.orgId(),
            membership.getRole(),
            false,
            found.id(),
            Set.copyOf(found.scopes())),
        found.expiresAt());
  }

  private static UnauthorizedException invalidKey() {
    return new UnauthorizedException(
        "invalid_api_key", "the API key is unknown, revoked or expired");
  }
}

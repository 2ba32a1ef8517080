package dev.mainspring.identity.service;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.platform.error.ForbiddenException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, in which organization, with which rights. Made once per request by the
 * authentication mechanism; services decide with it.
 *
 * @param userId the user, or the user who created the API key
 * @param orgId the organization the request acts in, or null when the user has none yet
 * @param orgRole the user's role there, null without an organization
 * @param superadmin whether the user holds the platform role superadmin
 * @param apiKeyId the API key used, or null for a user's token
 * @param scopes what an API key may do ({@code projects:read}, {@code projects:write}, ..., {@code
 *     *}); empty for a user's token, which may do what the role allows
 */
public record Caller(
    UUID userId,
    UUID orgId,
    OrgRole orgRole,
    boolean superadmin,
    UUID apiKeyId,
    Set<String> scopes) {

  public static final String ALL_SCOPES = "*";

  public boolean viaApiKey() {
    return apiKeyId != null;
  }

  /** The organization of the request; 403 {@code no_organization} when there is none. */
  public UUID requireOrg() {
    if (orgId == null) {
      throw new ForbiddenException(
          "no_organization", "create or join an organization first, or name one in X-Org-Id");
    }
    return orgId;
  }

  /** Whether the caller administers the request's organization (or is a superadmin). */
  public boolean isAdmin() {
    return superadmin || orgRole == OrgRole.ADMIN;
  }

  /**
   * Passes when an API key's scopes allow {@code scope} ({@code <context>:read} or {@code
   * <context>:write}; write implies read). User tokens pass: their role decides.
   */
  public void requireScope(String scope) {
    if (!viaApiKey() || scopes.contains(ALL_SCOPES) || scopes.contains(scope)) {
      return;
    }
    if (scope.endsWith(":read")
        && scopes.contains(scope.substring(0, scope.length() - ":read".length()) + ":write")) {
      return;
    }
    throw new ForbiddenException("insufficient_scope", "this API key lacks the scope " + scope);
  }

  /**
   * The security groups of the caller, as Jakarta Security's roles see them: the organization role
   * ({@code admin} or {@code member}) and {@code superadmin}.
   */
  public Set<String> groups() {
    Set<String> groups = new HashSet<>();
    if (orgRole != null) {
      groups.add(orgRole.wireName());
    }
    if (superadmin) {
      groups.add("superadmin");
    }
    return groups;
  }

  /** Passes for a person's token; API keys may not manage identity. */
  public void requireUser() {
    if (viaApiKey()) {
      throw new ForbiddenException("user_token_required", "API keys cannot do this; log in");
    }
  }

  /**
   * Passes for a superadmin's token; 403 {@code superadmin_required} ("only a superadmin " and
   * {@code manages}, which says what is refused: "manages feature flags") otherwise, or {@code
   * user_token_required} for an API key.
   */
  public Caller requireSuperadmin(String manages) {
    requireUser();
    if (!superadmin) {
      throw new ForbiddenException("superadmin_required", "only a superadmin " + manages);
    }
    return this;
  }
}

package dev.mainspring.identity.service;

import dev.mainspring.identity.model.Membership;
import dev.mainspring.identity.model.MembershipRepository;
import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import dev.mainspring.identity.service.token.AccessToken;
import dev.mainspring.identity.service.token.InvalidTokenException;
import dev.mainspring.identity.service.token.OidcIdentity;
import dev.mainspring.identity.service.token.OidcTokenVerifier;
import dev.mainspring.identity.service.token.TokenService;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.UnauthorizedException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a verified identity into the request's {@link Caller}: the organization comes from {@code
 * X-Org-Id} or the user's default one, and the role from the membership there, read now (a role
 * changed since the token was issued counts at once).
 */
@Stateless
public class CallerResolver {

  @Inject UserRepository users;
  @Inject MembershipRepository memberships;
  @Inject TokenService tokens;
  @Inject dev.mainspring.identity.model.UserIdentityRepository identities;

  /**
   * The caller behind a bearer token: one of the configured OpenID Connect issuer's tokens, or else
   * one of Mainspring's own access tokens (so any other issuer fails as a wrong issuer, without a
   * call to any identity provider). The issuer claim is read unverified only to choose the
   * verifier; the chosen verifier then checks everything.
   */
  public Caller forBearerToken(String token, UUID requestedOrg) {
    String issuer;
    try {
      issuer = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (java.text.ParseException e) {
      throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED);
    }
    return tokens.isOidcIssuer(issuer)
        ? forOidcToken(token, requestedOrg)
        : forAccessToken(token, requestedOrg);
  }

  /**
   * The caller a service (holding the service token) acts for: user {@code userId} in organization
   * {@code orgId}, with the role the membership gives; 404 {@code user_not_found} for an unknown
   * user, 403 {@code not_a_member} when the user is not a member there.
   */
  public Caller forMember(UUID userId, UUID orgId) {
    User user =
        users
            .find(userId)
            .orElseThrow(
                () ->
                    new dev.mainspring.platform.error.NotFoundException(
                        "user_not_found", "user " + userId + " not found"));
    return forUser(user, java.util.Objects.requireNonNull(orgId, "orgId"));
  }

  /** The caller behind one of Mainspring's own access tokens. */
  public Caller forAccessToken(String token, UUID requestedOrg) {
    AccessToken verified = tokens.verify(token);
    User user =
        users
            .find(verified.claims().userId())
            .orElseThrow(() -> new UnauthorizedException("invalid_token", "the account is gone"));
    return forUser(user, requestedOrg);
  }

  /** The caller behind an external OpenID Connect token; its user is made on first sight. */
  public Caller forOidcToken(String token, UUID requestedOrg) {
    OidcTokenVerifier verifier =
        tokens
            .oidc()
            .orElseThrow(
                () -> new InvalidTokenException(InvalidTokenException.Reason.WRONG_ISSUER));
    OidcIdentity identity = verifier.verify(token);
    User user =
        identities
            .findUser(identity.issuer(), identity.subject())
            .orElseGet(() -> provision(identity));
    return forUser(user, requestedOrg);
  }

  private User provision(OidcIdentity identity) {
    String email =
        identity.email() != null && identity.emailVerified()
            ? identity.email()
            : identity.subject() + "@" + hostOf(identity.issuer()) + ".oidc.invalid";
    users.lockEmail(email);
    User user =
        users
            .findByEmail(email)
            .orElseGet(
                () -> {
                  User made = new User(email, null);
                  users.add(made);
                  users.flush();
                  return made;
                });
    identities.link(identity.issuer(), identity.subject(), user.getId(), Instant.now());
    users.flush();
    return user;
  }

  private static String hostOf(String issuer) {
    return java.net.URI.create(issuer).getHost();
  }

  Caller forUser(User user, UUID requestedOrg) {
    UUID org = requestedOrg != null ? requestedOrg : user.getDefaultOrgId();
    if (org == null) {
      return new Caller(user.getId(), null, null, user.isSuperadmin(), null, Set.of());
    }
    OrgRole role = memberships.find(org, user.getId()).map(Membership::getRole).orElse(null);
    if (role == null && !user.isSuperadmin()) {
      if (requestedOrg == null) {
        return new Caller(user.getId(), null, null, false, null, Set.of());
      }
      throw new ForbiddenException("not_a_member", "you are not a member of organization " + org);
    }
    return new Caller(user.getId(), org, role, user.isSuperadmin(), null, Set.of());
  }
}

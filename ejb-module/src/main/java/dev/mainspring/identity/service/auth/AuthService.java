package dev.mainspring.identity.service.auth;

import dev.mainspring.identity.model.Membership;
import dev.mainspring.identity.model.MembershipRepository;
import dev.mainspring.identity.model.RefreshToken;
import dev.mainspring.identity.model.RefreshTokenRepository;
import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import dev.mainspring.identity.service.AuditLog;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.RequestOrigin;
import dev.mainspring.identity.service.UserView;
import dev.mainspring.identity.service.token.RefreshRequest;
import dev.mainspring.identity.service.token.RefreshTokenReuse;
import dev.mainspring.identity.service.token.TokenPair;
import dev.mainspring.identity.service.token.TokenService;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.UnauthorizedException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Passwords and sessions: registration, login, refresh-token rotation, logout. An unknown e-mail
 * and a wrong password answer alike (same 401, and a password hash is computed either way so the
 * time does not tell them apart).
 */
@Stateless
public class AuthService {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject UserRepository users;
  @Inject MembershipRepository memberships;
  @Inject RefreshTokenRepository refreshTokens;
  @Inject TokenService tokens;
  @Inject LoginThrottle throttle;
  @Inject AuditLog audit;
  @Inject RequestOrigin origin;
  @Inject PasswordHashing passwords;
  @Inject RefreshTokenReuse reuse;
  @Inject CurrentCaller currentCaller;

  @Inject
  @ConfigProperty(name = "mainspring.auth.registration-open", defaultValue = "true")
  boolean registrationOpen;

  @Inject
  @ConfigProperty(name = "mainspring.auth.refresh-token-days", defaultValue = "30")
  long refreshTokenDays;

  public UserView register(@NotNull @Valid Registration registration) {
    if (!registrationOpen) {
      throw new ForbiddenException("registration_closed", "accounts are created by an admin here");
    }
    users.lockEmail(registration.email());
    Optional<User> existing = users.findByEmail(registration.email());
    if (existing.isPresent() && existing.get().getPasswordHash() != null) {
      throw UserRepository.emailTaken();
    }
    // An account an admin added by e-mail has no password yet: registering claims it.
    User user =
        existing.orElseGet(() -> new User(registration.email(), registration.displayName()));
    user.setPasswordHash(passwords.hash(registration.password()));
    if (existing.isEmpty()) {
      users.add(user);
    } else if (registration.displayName() != null) {
      user.setDisplayName(registration.displayName());
    }
    users.flush();
    return UserView.of(user);
  }

  public TokenPair login(@NotNull @Valid Credentials credentials) {
    String email = User.normalize(credentials.email());
    // Counted before the password is checked, so a burst cannot outrun the count (LoginThrottle).
    LoginThrottle.Attempt attempt = throttle.admit(email, origin.address());
    Optional<User> found = users.findByEmail(email);
    String hash = found.map(User::getPasswordHash).orElse(null);
    boolean matches = passwords.matches(credentials.password(), hash);
    if (found.isEmpty() || hash == null || !matches) {
      found.ifPresent(
          u -> audit.record(u.getDefaultOrgId(), "login_failed", u.getId(), null, u.getEmail()));
      throw new UnauthorizedException("invalid_credentials", "e-mail or password is wrong");
    }
    User user = found.get();
    throttle.succeeded(attempt);
    if (passwords.needsRehash(hash)) {
      user.setPasswordHash(passwords.hash(credentials.password()));
    }
    audit.record(user.getDefaultOrgId(), "login", user.getId(), null, user.getEmail());
    String secret = randomSecret();
    refreshTokens.add(
        RefreshToken.first(user.getId(), user.getDefaultOrgId(), hash(secret), ttl()));
    return pair(user, secret);
  }

  /**
   * A new token pair for a valid refresh token, which is used up. A used-up token presented again
   * is taken as stolen: its whole family is revoked, and the caller must log in again.
   */
  public TokenPair refresh(@NotNull @Valid RefreshRequest request) {
    RefreshToken token =
        refreshTokens
            .findByHash(hash(request.refreshToken()))
            .orElseThrow(AuthService::invalidRefreshToken);
    if (token.getRotatedAt() != null) {
      // A used-up token again: someone kept a copy. Revoke the family; that commit must stand.
      reuse.revokeFamily(token.getFamilyId());
      throw invalidRefreshToken();
    }
    if (!token.isUsable(Instant.now())) {
      throw invalidRefreshToken();
    }
    if (!refreshTokens.markRotated(token.getId())) {
      throw invalidRefreshToken();
    }
    User user = users.get(token.getUserId());
    String secret = randomSecret();
    refreshTokens.add(token.successor(hash(secret), ttl()));
    return pair(user, secret);
  }

  /** Revokes the refresh token's family: every session that grew from that login ends. */
  public void logout(@NotNull @Valid RefreshRequest request) {
    refreshTokens
        .findByHash(hash(request.refreshToken()))
        .ifPresent(t -> refreshTokens.revokeFamily(t.getFamilyId()));
  }

  /** Rotates the token signing key (superadmins); returns the new key id. */
  public String rotateSigningKey() {
    currentCaller.get().requireSuperadmin("may rotate keys");
    return tokens.rotate();
  }

  private TokenPair pair(User user, String refreshSecret) {
    String access = tokens.issue(user.getId(), user.getDefaultOrgId(), rolesOf(user));
    return new TokenPair(access, refreshSecret, "Bearer", tokens.accessTokenSeconds());
  }

  private List<String> rolesOf(User user) {
    List<String> roles = new ArrayList<>();
    if (user.getDefaultOrgId() != null) {
      memberships
          .find(user.getDefaultOrgId(), user.getId())
          .map(Membership::getRole)
          .ifPresent(r -> roles.add(r.wireName()));
    }
    if (user.isSuperadmin()) {
      roles.add(User.SUPERADMIN);
    }
    return roles;
  }

  private Duration ttl() {
    return Duration.ofDays(refreshTokenDays);
  }

  private static UnauthorizedException invalidRefreshToken() {
    return new UnauthorizedException(
        "invalid_refresh_token", "the refresh token is unknown, expired, used or revoked");
  }

  static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

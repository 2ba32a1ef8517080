package dev.mainspring.identity.service;

import dev.mainspring.identity.model.User;
import java.time.Instant;
import java.util.UUID;

/** A user as services hand it out; never the password hash. */
public record UserView(
    UUID id,
    String email,
    String displayName,
    boolean superadmin,
    UUID defaultOrgId,
    Instant createdAt) {

  public static UserView of(User u) {
    return new UserView(
        u.getId(),
        u.getEmail(),
        u.getDisplayName(),
        u.isSuperadmin(),
        u.getDefaultOrgId(),
        u.getCreatedAt());
  }
}

package dev.mainspring.identity.model;

import java.util.Locale;
import java.util.Optional;

/** A member's role in one organization. Admins manage members, keys and the audit trail. */
public enum OrgRole {
  MEMBER,
  ADMIN;

  /** The name on the wire and in the database: {@code member}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OrgRole> parse(String value) {
    for (OrgRole role : values()) {
      if (role.wireName().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}

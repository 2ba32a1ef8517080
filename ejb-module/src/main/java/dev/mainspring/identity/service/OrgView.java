package dev.mainspring.identity.service;

import dev.mainspring.identity.model.Organization;
import java.time.Instant;
import java.util.UUID;

/** An organization and the caller's role in it (null for a superadmin who is no member). */
public record OrgView(UUID id, String name, String slug, String role, Instant createdAt) {

  static OrgView of(Organization o, String role) {
    return new OrgView(o.getId(), o.getName(), o.getSlug(), role, o.getCreatedAt());
  }
}

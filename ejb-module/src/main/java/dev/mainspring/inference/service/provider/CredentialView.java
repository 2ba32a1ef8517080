package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderCredential;
import java.time.Instant;
import java.util.UUID;

/** A saved credential as it is shown: never the secret, but the reference providers use. */
public record CredentialView(
    UUID id, String name, String description, String ref, UUID createdBy, Instant createdAt) {

  static CredentialView of(ProviderCredential c) {
    return new CredentialView(
        c.getId(), c.getName(), c.getDescription(), c.ref(), c.getCreatedBy(), c.getCreatedAt());
  }
}

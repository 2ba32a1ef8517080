package dev.mainspring.catalog.api;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonObject;

/** Request bodies of the catalog's doors. */
final class Bodies {

  private Bodies() {}

  /** The body, which must be a JSON object; 400 {@code invalid_body} otherwise. */
  static JsonObject required(JsonObject body) {
    if (body == null) {
      throw new InvalidRequestException("invalid_body", "the body is a JSON object");
    }
    return body;
  }

  /** An {@code If-Match} of a catalog entry ({@code "3"}), or null. */
  static Integer catalogVersion(String ifMatch) {
    Long version = dev.mainspring.platform.api.ETags.expectedVersion(ifMatch);
    return version == null ? null : Math.toIntExact(version);
  }
}

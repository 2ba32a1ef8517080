package dev.mainspring.platform.api;

import dev.mainspring.platform.error.PreconditionFailedException;
import jakarta.ws.rs.core.EntityTag;

/**
 * Entity tags carry a resource's optimistic-lock version: {@code ETag: "3"}. A request's If-Match
 * names the version the client last saw; {@code *} or no header means it does not care.
 */
public final class ETags {

  private ETags() {}

  public static EntityTag of(long version) {
    return new EntityTag(Long.toString(version));
  }

  /** The version an If-Match header names, or null when it names none. */
  public static Long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return Long.parseLong(tag);
    } catch (NumberFormatException e) {
      throw new PreconditionFailedException("If-Match " + ifMatch + " is not an ETag of this API");
    }
  }
}

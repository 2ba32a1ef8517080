package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.platform.error.ForbiddenException;

/**
 * Document C's roles for Context Management: an admin (of the request's organization, or a
 * superadmin) reads, only a superadmin writes. Both need a person's token, as the rest of the
 * control plane does: an API key gets 403 {@code user_token_required}.
 */
public final class ContextAccess {

  private ContextAccess() {}

  /** Passes for an admin or a superadmin; 403 {@code admin_required} otherwise. */
  public static Caller reader(Caller caller) {
    caller.requireUser();
    if (!caller.isAdmin()) {
      throw new ForbiddenException(
          "admin_required", "only an admin or a superadmin reads the knowledge bases");
    }
    return caller;
  }

  /** Passes for a superadmin; 403 {@code superadmin_required} otherwise. */
  public static Caller writer(Caller caller) {
    return PlatformAdmin.require(caller);
  }
}

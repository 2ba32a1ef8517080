package dev.mainspring.inference.service;

import dev.mainspring.identity.service.Caller;

/** The rule of the model platform's control plane: superadmins only, with a person's token. */
public final class PlatformAdmin {

  private PlatformAdmin() {}

  /**
   * Passes for a superadmin's token; 403 {@code superadmin_required} (or for API keys {@code
   * user_token_required}) otherwise.
   */
  public static Caller require(Caller caller) {
    return caller.requireSuperadmin("manages the model platform");
  }
}

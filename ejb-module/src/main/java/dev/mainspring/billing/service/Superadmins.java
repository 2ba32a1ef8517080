package dev.mainspring.billing.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.platform.error.ForbiddenException;

/** The rule of billing's operator endpoints: superadmins only, with a person's token. */
final class Superadmins {

  private Superadmins() {}

  static Caller require(Caller caller) {
    caller.requireUser();
    if (!caller.superadmin()) {
      throw new ForbiddenException(
          "superadmin_required", "only a superadmin manages prices, plans and credits");
    }
    return caller;
  }
}

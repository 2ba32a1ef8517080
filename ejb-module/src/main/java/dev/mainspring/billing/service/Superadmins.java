package dev.mainspring.billing.service;

import dev.mainspring.identity.service.Caller;

/** The rule of billing's operator endpoints: superadmins only, with a person's token. */
final class Superadmins {

  private Superadmins() {}

  static Caller require(Caller caller) {
    return caller.requireSuperadmin("manages prices, plans and credits");
  }
}

package dev.mainspring.billing.service;

import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.platform.error.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rule of document E's billing admin group ({@code /api/billing/admin/*}), whose callers hold
 * "an admin API key": here, an API key with the scope {@value #SCOPE}, which only a superadmin can
 * create, and which acts as such only while its creator is still a superadmin (checked on every
 * request; a key carries no superadmin right of its own). A superadmin's bearer token passes too.
 * Anyone else is refused 403 {@code billing_admin_required}; no credentials, 401.
 */
@ApplicationScoped
public class BillingAdmins {

  /** The scope of an admin API key; {@code *} does not include it, it must be named. */
  public static final String SCOPE = "billing:admin";

  @Inject UserRepository users;

  /** Whether the caller may use the billing admin group. */
  public boolean allows(Caller caller) {
    if (!caller.viaApiKey()) {
      return caller.superadmin();
    }
    return caller.scopes().contains(SCOPE)
        && users.find(caller.userId()).map(User::isSuperadmin).orElse(false);
  }

  /** The caller, who must be a billing admin; 403 {@code billing_admin_required} otherwise. */
  public Caller require(Caller caller) {
    if (!allows(caller)) {
      throw refused();
    }
    return caller;
  }

  static ForbiddenException refused() {
    return new ForbiddenException(
        "billing_admin_required",
        "this needs an admin API key (scope " + SCOPE + ", made by a superadmin) or a superadmin");
  }
}

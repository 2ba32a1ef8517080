package dev.mainspring.identity.api;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.api.Operators;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The operators of an installation are its superadmins. */
@RequestScoped
public class SuperadminOperators implements Operators {

  @Inject CurrentCaller currentCaller;

  @Override
  public boolean callerIsOperator() {
    return currentCaller.find().map(Caller::superadmin).orElse(false);
  }
}

package dev.mainspring.identity.service;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.UUID;

/**
 * Sets {@code app.org_id} on the database connection of the current JTA transaction, which the
 * row-level-security policies read. The setting is transaction-local ({@code set_config(...,
 * true)}): Payara gives EclipseLink one physical connection for the whole transaction, and the
 * value is gone when the connection returns to the pool. No organization (or no caller) sets an
 * empty value, which the policies treat as "see nothing". Without an active transaction it refuses
 * to run the method: a session-level setting would leak to the next borrower.
 */
@TenantScoped
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class TenantBinding {

  @Inject CurrentCaller currentCaller;
  @Inject TenantSessions sessions;

  @AroundInvoke
  Object bind(InvocationContext invocation) throws Exception {
    if (!sessions.inTransaction()) {
      throw new IllegalStateException(
          "tenant data accessed outside a transaction in " + invocation.getMethod());
    }
    if (!sessions.isBound()) {
      sessions.bindTo(callerOrg());
    }
    return invocation.proceed();
  }

  private UUID callerOrg() {
    try {
      return currentCaller.find().map(Caller::orgId).orElse(null);
    } catch (ContextNotActiveException noRequest) {
      return null;
    }
  }
}

package dev.mainspring.identity.api;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Runs work as a caller found earlier, outside the request that found it (a suspended request
 * resumed from a background task): in a request context of its own, with {@link CurrentCaller} set,
 * so services apply the same rules as in the request.
 */
@ApplicationScoped
public class CallerScope {

  @Inject CurrentCaller currentCaller;

  /** The result of {@code work} done as {@code caller}. */
  @ActivateRequestContext
  public <T> T as(Caller caller, Supplier<T> work) {
    currentCaller.set(caller);
    return work.get();
  }
}

package dev.mainspring.billing.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.model.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * {@code POST /api/billing/openrouter-key/test}: tests the caller's stored key, or a key sent with
 * the request, against its provider. Not a transactional bean on purpose: the stored key is read in
 * one short transaction, the provider is called with none open, and the outcome of a stored key's
 * test is written in another (unless the key changed meanwhile). A key sent with the request is
 * checked the same way and never stored. The organization's key is tested the same way, by its
 * admins.
 */
@ApplicationScoped
public class ByokKeyTests {

  @Inject CurrentCaller currentCaller;
  @Inject ByokKeyService keys;
  @Inject ByokKeyTester tester;

  public ByokTestView test(ByokKeyRequest request) {
    return test(request, false);
  }

  /**
   * Tests as {@link #test(ByokKeyRequest)} does; with {@code organization}, for the organization's
   * admins only, the organization's stored key, whose status then shows the result.
   */
  public ByokTestView test(ByokKeyRequest request, boolean organization) {
    currentCaller.require(ByokKeyService.WRITE).requireOrg();
    if (organization) {
      keys.requireOrganizationAdmin();
    }
    if (request != null && request.apiKey() != null) {
      String apiKey = ByokKeys.apiKey(request.apiKey());
      String baseUrl = ByokKeys.baseUrl(request.baseUrl());
      ByokKeyTester.Outcome outcome = tester.test(baseUrl, apiKey);
      return view(outcome, "provided", Timestamps.now());
    }
    ByokKeyService.StoredKey stored = organization ? keys.storedForOrganization() : keys.stored();
    ByokKeyTester.Outcome outcome = tester.test(stored.baseUrl(), stored.apiKey());
    Instant testedAt = Timestamps.now();
    if (organization) {
      keys.recordOrganizationTest(stored.updatedAt(), testedAt, outcome.ok(), outcome.code());
    } else {
      keys.recordTest(stored.updatedAt(), testedAt, outcome.ok(), outcome.code());
    }
    return view(outcome, "stored", testedAt);
  }

  private static ByokTestView view(ByokKeyTester.Outcome outcome, String tested, Instant at) {
    return new ByokTestView(
        outcome.ok(), tested, outcome.code(), outcome.message(), outcome.latencyMs(), at);
  }
}

package dev.mainspring.inference.model.modelops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Managed-model constraints answer as ModelService's own checks do. */
class ModelConstraintsTest {

  private static ManagedModel model(String key, UUID provider) {
    return new ManagedModel(key, key, "llm_inference", provider, key, null, null);
  }

  @Test
  void secondModelOfAKeyIsModelIdTaken() {
    MainspringException answer =
        new ManagedModelRepository()
            .translate(
                new IntegrityViolation(Kind.DUPLICATE, "managed_models_model_key_key"),
                model("m-1", UUID.randomUUID()));

    MainspringException expected = ManagedModelRepository.keyTaken("m-1");
    assertEquals(expected.code(), answer.code());
    assertEquals(expected.getMessage(), answer.getMessage());
    assertEquals(409, answer.status());
  }

  @Test
  void modelOfAProviderDeletedMeanwhileIsUnknownProvider() {
    UUID provider = UUID.randomUUID();

    MainspringException answer =
        new ManagedModelRepository()
            .translate(
                new IntegrityViolation(Kind.MISSING_REFERENCE, "managed_models_provider_id_fkey"),
                model("m-2", provider));

    assertEquals(400, answer.status());
    assertEquals("unknown_provider", answer.code());
    assertEquals("there is no provider " + provider, answer.getMessage());
  }

  @Test
  void removingABoundModelIsModelInUse() {
    MainspringException answer =
        new ManagedModelRepository()
            .translate(
                new IntegrityViolation(
                    Kind.STILL_REFERENCED, "deployment_binding_models_model_id_fkey"),
                model("m-3", UUID.randomUUID()));

    assertEquals(409, answer.status());
    assertEquals("model_in_use", answer.code());
  }

  @Test
  void grantToAGoneOrganizationIsUnknownOrganization() {
    MainspringException answer =
        new ManagedModelRepository()
            .translate(
                new IntegrityViolation(Kind.MISSING_REFERENCE, "model_access_grants_org_id_fkey"),
                null);

    assertEquals(400, answer.status());
    assertEquals("unknown_organization", answer.code());
  }
}

package dev.mainspring.inference.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Provider and credential constraints answer as the services' own checks do. */
class ProviderConstraintsTest {

  @Test
  void secondProviderOfASlugIsSlugTaken() {
    ProviderInstance provider = new ProviderInstance("vllm-a", "vllm_local");

    MainspringException answer =
        new ProviderInstanceRepository()
            .translate(
                new IntegrityViolation(Kind.DUPLICATE, "provider_instances_slug_key"), provider);

    assertAnswer(ProviderInstanceRepository.slugTaken("vllm-a"), answer);
  }

  @Test
  void removingAProviderSomethingRefersToIsProviderInUse() {
    ProviderInstance provider = new ProviderInstance("vllm-b", "vllm_local");

    MainspringException answer =
        new ProviderInstanceRepository()
            .translate(
                new IntegrityViolation(Kind.STILL_REFERENCED, "managed_models_provider_id_fkey"),
                provider);

    assertEquals(409, answer.status());
    assertEquals("provider_in_use", answer.code());
  }

  @Test
  void loadedModelDeletedMeanwhileIsUnknownModel() {
    ProviderInstance provider = new ProviderInstance("vllm-c", "vllm_local");
    UUID model = UUID.randomUUID();
    provider.setLoadedModelId(model);

    MainspringException answer =
        new ProviderInstanceRepository()
            .translate(
                new IntegrityViolation(
                    Kind.MISSING_REFERENCE, "provider_instances_loaded_model_fk"),
                provider);

    assertEquals(400, answer.status());
    assertEquals("unknown_model", answer.code());
    assertEquals("there is no managed model " + model, answer.getMessage());
  }

  @Test
  void secondCredentialOfANameIsCredentialNameTaken() {
    MainspringException answer =
        new ProviderCredentialRepository()
            .translate(
                new IntegrityViolation(Kind.DUPLICATE, "provider_credentials_name_key"), null);

    assertAnswer(ProviderCredentialRepository.nameTaken(), answer);
  }

  private static void assertAnswer(MainspringException expected, MainspringException actual) {
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.code(), actual.code());
    assertEquals(expected.getMessage(), actual.getMessage());
  }
}

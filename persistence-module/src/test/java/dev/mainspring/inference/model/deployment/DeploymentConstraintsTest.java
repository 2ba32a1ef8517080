package dev.mainspring.inference.model.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import org.junit.jupiter.api.Test;

/** Deployment constraints answer as DeploymentService's own checks do. */
class DeploymentConstraintsTest {

  private final DeploymentRepository deployments = new DeploymentRepository();

  @Test
  void secondProfileOfASlugIsSlugTaken() {
    DeploymentProfile profile = new DeploymentProfile("staging", "Staging", null);

    MainspringException answer =
        deployments.translate(
            new IntegrityViolation(Kind.DUPLICATE, "deployment_profiles_slug_key"), profile);

    MainspringException expected = DeploymentRepository.slugTaken("staging");
    assertEquals(expected.code(), answer.code());
    assertEquals(expected.getMessage(), answer.getMessage());
  }

  @Test
  void capabilityBoundTwiceAtOnceIsConcurrentModification() {
    MainspringException answer =
        deployments.translate(
            new IntegrityViolation(
                Kind.DUPLICATE, "deployment_bindings_deployment_id_capability_key"),
            null);

    assertEquals(409, answer.status());
    assertEquals("concurrent_modification", answer.code());
  }

  @Test
  void bindingOfAModelDeletedMeanwhileIsUnknownModel() {
    MainspringException answer =
        deployments.translate(
            new IntegrityViolation(
                Kind.MISSING_REFERENCE, "deployment_binding_models_model_id_fkey"),
            null);

    assertEquals(400, answer.status());
    assertEquals("unknown_model", answer.code());
  }
}

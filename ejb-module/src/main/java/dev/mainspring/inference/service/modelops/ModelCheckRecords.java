package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelTestRun;
import dev.mainspring.inference.model.modelops.ModelValidation;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.platform.error.ConflictException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transactional halves of {@link ModelCheckService}: each method reads what a check needs, or
 * records what a check found, in a short transaction of its own. The provider call between them
 * runs outside any transaction, so a provider that takes minutes holds no connection, lock or
 * snapshot of the database. What may have changed during the call is checked again when the outcome
 * is written.
 */
@Stateless
public class ModelCheckRecords {

  @Inject ManagedModelRepository models;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject OfflineGuard offline;
  @Inject PlatformChanges changes;

  /** A model and the provider instance that runs it, read for one check (detached). */
  public record Subject(ManagedModel model, ProviderInstance provider, ProviderFamily family) {}

  /** An enabled provider instance with its family, read to be probed (detached). */
  public record Candidate(ProviderInstance provider, ProviderFamily family) {}

  /** What {@link ModelCheckService#testRuntimes} probes, and whether cloud ones are off limits. */
  public record Candidates(ManagedModel model, List<Candidate> providers, boolean offline) {}

  /**
   * The model and its provider for a validation: 409 {@code invalid_model_transition} for a draft,
   * {@code model_has_no_provider}, {@code offline_provider_blocked} for a cloud provider while
   * offline.
   */
  public Subject forValidation(UUID modelId) {
    ManagedModel model = models.get(modelId);
    ModelTransition.checkValidatable(model.getStatus());
    return subjectOf(model);
  }

  /** The model and its provider for a test call, with the checks of {@link #forValidation}. */
  public Subject forTest(UUID modelId) {
    return subjectOf(models.get(modelId));
  }

  /**
   * Records a validation as the model's latest, unless what was validated changed during the probe:
   * the model's provider or its name there, or the provider's configuration (409 {@code
   * concurrent_modification}; nothing is recorded, validate again). The provider row is locked
   * until the commit, so a change to it cannot slip in between this check and the write (a change
   * makes its models' validations stale).
   */
  public ValidationView recordValidation(
      Subject checked, ValidationOutcome outcome, UUID actorUserId) {
    ProviderInstance provider = providers.getLocked(checked.provider().getId());
    ManagedModel model = models.get(checked.model().getId());
    ModelTransition.checkValidatable(model.getStatus());
    if (provider.getVersion() != checked.provider().getVersion()
        || !provider.getId().equals(model.getProviderId())
        || !model.getProviderModelId().equals(checked.model().getProviderModelId())) {
      throw new ConflictException(
          "concurrent_modification",
          "the model or its provider changed while the provider was being checked; validate"
              + " again");
    }
    ModelValidation validation =
        new ModelValidation(
            model.getId(), provider.getId(), outcome.success(), outcome.detail(), actorUserId);
    models.addValidation(validation);
    model.validated(outcome.success());
    models.flush();
    changes.changed();
    return ValidationView.of(validation);
  }

  /**
   * Records a test run. It is kept even when the provider changed during the call: it names the
   * provider instance it went to and says what happened then. 404 when the model was deleted.
   */
  public TestRunView recordTest(
      Subject tested, String input, String output, String error, int latencyMs, UUID actor) {
    ManagedModel model = models.get(tested.model().getId());
    ModelTestRun run =
        new ModelTestRun(
            model.getId(), tested.provider().getId(), input, output, error, latencyMs, actor);
    models.addTest(run);
    models.flush();
    return TestRunView.of(run);
  }

  /** Every enabled provider instance whose family has the model's capability. */
  public Candidates runtimesFor(UUID modelId) {
    ManagedModel model = models.get(modelId);
    Map<String, ProviderFamily> familyOf =
        families.listAll().stream()
            .collect(Collectors.toMap(ProviderFamily::getKey, Function.identity()));
    List<Candidate> candidates = new ArrayList<>();
    for (ProviderInstance provider : providers.listAll()) {
      ProviderFamily family = familyOf.get(provider.getFamilyKey());
      if (provider.isEnabled() && family.getCapability().equals(model.getCapability())) {
        candidates.add(new Candidate(provider, family));
      }
    }
    return new Candidates(model, List.copyOf(candidates), offline.offline());
  }

  private Subject subjectOf(ManagedModel model) {
    if (model.getProviderId() == null) {
      throw new ConflictException(
          "model_has_no_provider", "the model is on no provider instance to check it with");
    }
    ProviderInstance provider = providers.get(model.getProviderId());
    ProviderFamily family = families.get(provider.getFamilyKey());
    offline.check(family);
    return new Subject(model, provider, family);
  }
}

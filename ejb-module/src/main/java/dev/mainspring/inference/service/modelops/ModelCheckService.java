package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelTestRun;
import dev.mainspring.inference.model.modelops.ModelValidation;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.provider.ProviderClients;
import dev.mainspring.inference.service.provider.ProviderProbe;
import dev.mainspring.platform.error.ConflictException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks of ModelOps managed models against the providers that run them, for superadmins:
 * validation (does the model's provider answer and list the model? Only a model whose latest
 * validation passed may be activated), test calls with an input, and which enabled providers could
 * run a test. Validations and tests are kept, newest first. While the runtime is offline no cloud
 * provider is called ({@link OfflineGuard}).
 */
@Stateless
public class ModelCheckService {

  @Inject CurrentCaller currentCaller;
  @Inject ManagedModelRepository models;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ProviderProbe probe;
  @Inject ProviderClients clients;
  @Inject BuiltinEmbeddings builtin;
  @Inject OfflineGuard offline;
  @Inject PlatformChanges changes;

  /**
   * Probes the model's provider and records the outcome, failed or not, as the model's latest
   * validation.
   */
  public ValidationView validate(@NotNull UUID id) {
    Caller caller = superadmin();
    ManagedModel model = models.get(id);
    ModelTransition.checkValidatable(model.getStatus());
    ProviderInstance provider = providerOf(model);
    ProviderFamily family = families.get(provider.getFamilyKey());
    offline.check(family);
    ValidationOutcome outcome =
        provider.isEnabled()
            ? ValidationOutcome.of(
                probe.probe(provider, family), provider.getSlug(), model.getProviderModelId())
            : ValidationOutcome.disabled(provider.getSlug());
    ModelValidation validation =
        new ModelValidation(
            model.getId(), provider.getId(), outcome.success(), outcome.detail(), caller.userId());
    models.addValidation(validation);
    model.validated(outcome.success());
    models.flush();
    changes.changed();
    return ValidationView.of(validation);
  }

  public List<ValidationView> validations(@NotNull UUID id) {
    superadmin();
    models.get(id); // 404 for an unknown model rather than an empty list
    return models.validations(id).stream().map(ValidationView::of).toList();
  }

  /** Sends {@code request}'s input through the model's provider and records what came back. */
  public TestRunView test(@NotNull UUID id, @Valid ModelTestInput request) {
    Caller caller = superadmin();
    ManagedModel model = models.get(id);
    ProviderInstance provider = providerOf(model);
    ProviderFamily family = families.get(provider.getFamilyKey());
    offline.check(family);
    String input = request == null ? ModelTestInput.DEFAULT_INPUT : request.text();
    long started = System.nanoTime();
    ModelTestCalls.Answer answer;
    if (!provider.isEnabled()) {
      answer = ModelTestCalls.Answer.failed("provider " + provider.getSlug() + " is disabled");
    } else if (ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter())) {
      answer =
          new ModelTestCalls.Answer(
              builtin.embed(List.of(input)).get(0).length + " dimensions", null);
    } else {
      answer =
          ModelTestCalls.run(
              clients.upstreamFor(provider),
              model.getCapability(),
              model.getProviderModelId(),
              input);
    }
    int latencyMs = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
    ModelTestRun run =
        new ModelTestRun(
            model.getId(),
            provider.getId(),
            input,
            answer.output(),
            answer.error(),
            latencyMs,
            caller.userId());
    models.addTest(run);
    models.flush();
    return TestRunView.of(run);
  }

  public List<TestRunView> tests(@NotNull UUID id) {
    superadmin();
    models.get(id); // 404 for an unknown model rather than an empty list
    return models.tests(id).stream().map(TestRunView::of).toList();
  }

  /**
   * Every enabled provider instance whose family has the model's capability, probed now. Cloud
   * providers are not called while the runtime is offline: they are reported unreachable with the
   * error {@code offline}.
   */
  public List<TestRuntimeView> testRuntimes(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    Map<String, ProviderFamily> familyOf =
        families.listAll().stream()
            .collect(Collectors.toMap(ProviderFamily::getKey, Function.identity()));
    boolean offlineNow = offline.offline();
    List<TestRuntimeView> runtimes = new ArrayList<>();
    for (ProviderInstance provider : providers.listAll()) {
      ProviderFamily family = familyOf.get(provider.getFamilyKey());
      if (!provider.isEnabled() || !family.getCapability().equals(model.getCapability())) {
        continue;
      }
      ProviderProbe.Result found =
          family.isCloud() && offlineNow
              ? new ProviderProbe.Result(false, 0, List.of(), "offline")
              : probe.probe(provider, family);
      runtimes.add(
          new TestRuntimeView(
              provider.getId(),
              provider.getSlug(),
              family.getKey(),
              family.getProviderOrigin(),
              found.reachable(),
              provider.getLoadedModelId(),
              found.reachable() && found.models().contains(model.getProviderModelId()),
              found.models(),
              found.error()));
    }
    return runtimes;
  }

  private ProviderInstance providerOf(ManagedModel model) {
    if (model.getProviderId() == null) {
      throw new ConflictException(
          "model_has_no_provider", "the model is on no provider instance to check it with");
    }
    return providers.get(model.getProviderId());
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}

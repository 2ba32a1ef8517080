package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.provider.ProviderClients;
import dev.mainspring.inference.service.provider.ProviderError;
import dev.mainspring.inference.service.provider.ProviderProbe;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Checks of ModelOps managed models against the providers that run them, for superadmins:
 * validation (does the model's provider answer and list the model? Only a model whose latest
 * validation passed may be activated), test calls with an input, and which enabled providers could
 * run a test. Validations and tests are kept, newest first. While the runtime is offline no cloud
 * provider is called ({@link OfflineGuard}).
 *
 * <p>A check calls a provider, which may take up to its first-token timeout (ten minutes at most),
 * so the methods that call one run outside any transaction: they read what they need ({@link
 * ModelCheckRecords}, a transaction), call the provider (none), and record the outcome (another
 * transaction, which checks again what the call depended on).
 */
@Stateless
public class ModelCheckService {

  private static final Logger LOG = Logger.getLogger(ModelCheckService.class.getName());

  @Inject CurrentCaller currentCaller;
  @Inject ManagedModelRepository models;
  @Inject ModelCheckRecords records;
  @Inject ProviderProbe probe;
  @Inject ProviderClients clients;
  @Inject BuiltinEmbeddings builtin;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * Probes the model's provider and records the outcome, failed or not, as the model's latest
   * validation; 409 {@code concurrent_modification} when the model or its provider changed during
   * the probe.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public ValidationView validate(@NotNull UUID id) {
    Caller caller = superadmin();
    ModelCheckRecords.Subject subject = records.forValidation(id);
    ProviderInstance provider = subject.provider();
    ValidationOutcome outcome =
        provider.isEnabled()
            ? ValidationOutcome.of(
                probe.probe(provider, subject.family()),
                provider.getSlug(),
                subject.model().getProviderModelId())
            : ValidationOutcome.disabled(provider.getSlug());
    return records.recordValidation(subject, outcome, caller.userId());
  }

  public List<ValidationView> validations(@NotNull UUID id) {
    superadmin();
    models.get(id); // 404 for an unknown model rather than an empty list
    return models.validations(id).stream().map(ValidationView::of).toList();
  }

  /** Sends {@code request}'s input through the model's provider and records what came back. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public TestRunView test(@NotNull UUID id, @Valid ModelTestInput request) {
    Caller caller = superadmin();
    ModelCheckRecords.Subject subject = records.forTest(id);
    ProviderInstance provider = subject.provider();
    String input = request == null ? ModelTestInput.DEFAULT_INPUT : request.text();
    long started = System.nanoTime();
    ModelTestCalls.Answer answer;
    if (!provider.isEnabled()) {
      answer = ModelTestCalls.Answer.failed(ProviderError.disabled());
    } else if (ProviderFamily.ADAPTER_BUILTIN.equals(subject.family().getAdapter())) {
      answer =
          ModelTestCalls.Answer.of(builtin.embed(List.of(input)).get(0).length + " dimensions");
    } else {
      ProviderProbe.requireNoTransaction(transactions);
      answer =
          ModelTestCalls.run(
              clients.upstreamFor(provider),
              subject.model().getCapability(),
              subject.model().getProviderModelId(),
              input);
      if (answer.error() != null) {
        LOG.info(
            () ->
                "Test of model "
                    + subject.model().getModelKey()
                    + " through provider "
                    + provider.getSlug()
                    + " failed: "
                    + answer.detail());
      }
    }
    int latencyMs = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
    return records.recordTest(
        subject, input, answer.output(), answer.error(), latencyMs, caller.userId());
  }

  public List<TestRunView> tests(@NotNull UUID id) {
    superadmin();
    models.get(id); // 404 for an unknown model rather than an empty list
    return models.tests(id).stream().map(TestRunView::of).toList();
  }

  /**
   * Every enabled provider instance whose family has the model's capability, probed now. Cloud
   * providers are not called while the runtime is offline: they are reported unreachable with the
   * error code {@code offline_provider_blocked}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<TestRuntimeView> testRuntimes(@NotNull UUID id) {
    superadmin();
    ModelCheckRecords.Candidates candidates = records.runtimesFor(id);
    ManagedModel model = candidates.model();
    List<TestRuntimeView> runtimes = new ArrayList<>();
    for (ModelCheckRecords.Candidate candidate : candidates.providers()) {
      ProviderInstance provider = candidate.provider();
      ProviderFamily family = candidate.family();
      ProviderProbe.Result found =
          family.isCloud() && candidates.offline()
              ? ProviderProbe.Result.failed(ProviderError.offline())
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
              found.error() == null ? null : found.error().code(),
              found.error() == null ? null : found.error().message()));
    }
    return runtimes;
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}

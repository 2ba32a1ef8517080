package dev.mainspring.inference.service;

import dev.mainspring.inference.model.deployment.ActivationAuditEvent;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelValidation;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.deployment.Capability;
import dev.mainspring.inference.service.modelops.BuiltinModels;
import dev.mainspring.inference.service.provider.EndpointUrls;
import dev.mainspring.inference.service.provider.ProviderConfig;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seeds document C's bootstrap defaults at every start, creating only what is missing (looked up by
 * slug, the model by its key) and never changing what an operator changed:
 *
 * <ul>
 *   <li>the built-in embeddings provider and its model, active and validated;
 *   <li>{@code local-llm} from {@code LLM_INFERENCE_RUNTIME_URL} (else {@code LLM_URL}), of family
 *       {@code LLM_PROVIDER_FAMILY}; {@code local-llama-cpp} from {@code LLAMA_CPP_URL};
 *   <li>the deployment profile {@code local-default} (built-in embeddings, and {@code local-llm}
 *       for LLM inference when it exists) and, with llama.cpp configured, {@code local-llama-cpp};
 *   <li>{@code local-default} activated when no profile is active.
 * </ul>
 *
 * A configured URL that is not a valid endpoint is logged and skipped. The activation lock keeps
 * instances starting together from seeding twice.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
public class PlatformBootstrap {

  static final String LOCAL_LLM = "local-llm";
  static final String LOCAL_LLAMA_CPP = "local-llama-cpp";
  static final String LOCAL_DEFAULT = "local-default";
  static final String LLAMA_CPP_FAMILY = "llama_cpp_local";
  static final String BUILTIN_FAMILY = "builtin_embeddings";

  private static final Logger LOG = Logger.getLogger(PlatformBootstrap.class.getName());

  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;
  @Inject DeploymentRepository deployments;
  @Inject PlatformChanges changes;

  @Inject
  @ConfigProperty(name = "LLM_URL")
  Optional<String> llmUrl;

  @Inject
  @ConfigProperty(name = "LLM_INFERENCE_RUNTIME_URL")
  Optional<String> llmInferenceRuntimeUrl;

  @Inject
  @ConfigProperty(name = "LLM_PROVIDER_FAMILY", defaultValue = "vllm_local")
  String llmFamily;

  @Inject
  @ConfigProperty(name = "LLAMA_CPP_URL")
  Optional<String> llamaCppUrl;

  private boolean seeded;

  @PostConstruct
  void seed() {
    deployments.lockActivation();
    ProviderInstance builtin = builtinProvider();
    ManagedModel embeddings = builtinModel(builtin);
    Optional<ProviderInstance> llm =
        llmProvider(
            LOCAL_LLM,
            "Local LLM",
            llmFamily,
            llmInferenceRuntimeUrl.or(() -> llmUrl).orElse(null));
    Optional<ProviderInstance> llamaCpp =
        llmProvider(
            LOCAL_LLAMA_CPP, "llama.cpp (local)", LLAMA_CPP_FAMILY, llamaCppUrl.orElse(null));
    deployment(LOCAL_DEFAULT, "Local default", builtin, embeddings, llm.orElse(null));
    if (llamaCpp.isPresent()) {
      deployment(LOCAL_LLAMA_CPP, "Local llama.cpp", builtin, embeddings, llamaCpp.get());
    }
    activateDefaultIfNoneActive();
    if (seeded) {
      changes.changed();
    }
  }

  private ProviderInstance builtinProvider() {
    return providers
        .findBySlug(BuiltinModels.PROVIDER_SLUG)
        .orElseGet(
            () -> {
              ProviderInstance provider =
                  newProvider(BuiltinModels.PROVIDER_SLUG, BUILTIN_FAMILY, "Built-in embeddings");
              provider.setDescription("all-MiniLM-L6-v2 running inside Mainspring");
              return saved(provider);
            });
  }

  private ManagedModel builtinModel(ProviderInstance builtin) {
    return models
        .findByKey(BuiltinModels.EMBEDDINGS)
        .orElseGet(
            () -> {
              ManagedModel model =
                  new ManagedModel(
                      BuiltinModels.EMBEDDINGS,
                      "all-MiniLM-L6-v2",
                      Capability.EMBEDDINGS,
                      builtin.getId(),
                      BuiltinModels.EMBEDDINGS,
                      null,
                      null);
              model.setStatus(ManagedModel.ACTIVE);
              model.validated(true);
              models.add(model);
              models.flush();
              models.addValidation(
                  new ModelValidation(model.getId(), builtin.getId(), true, "built in", null));
              models.flush();
              seeded = true;
              LOG.info("Seeded the built-in embeddings model " + BuiltinModels.EMBEDDINGS);
              return model;
            });
  }

  /** The provider {@code slug}: the existing one, or one made from {@code url} when given. */
  private Optional<ProviderInstance> llmProvider(
      String slug, String displayName, String familyKey, String url) {
    Optional<ProviderInstance> existing = providers.findBySlug(slug);
    if (existing.isPresent() || url == null || url.isBlank()) {
      return existing;
    }
    Optional<ProviderFamily> family = families.find(familyKey);
    if (family.isEmpty()
        || !Capability.LLM_INFERENCE.equals(family.get().getCapability())
        || !ProviderFamily.ADAPTER_OPENAI_HTTP.equals(family.get().getAdapter())) {
      LOG.warning(
          () -> "Not seeding " + slug + ": " + familyKey + " is no OpenAI-compatible LLM family");
      return Optional.empty();
    }
    String endpoint;
    try {
      endpoint = EndpointUrls.check(url);
    } catch (InvalidRequestException e) {
      LOG.warning(() -> "Not seeding " + slug + ": " + e.getMessage());
      return Optional.empty();
    }
    ProviderInstance provider = newProvider(slug, familyKey, displayName);
    provider.setEndpointUrl(endpoint);
    return Optional.of(saved(provider));
  }

  private ProviderInstance newProvider(String slug, String familyKey, String displayName) {
    ProviderInstance provider = new ProviderInstance(slug, familyKey);
    provider.setDisplayName(displayName);
    ProviderConfig.DEFAULTS.applyTo(provider);
    return provider;
  }

  private ProviderInstance saved(ProviderInstance provider) {
    providers.add(provider);
    providers.flush();
    seeded = true;
    LOG.info(() -> "Seeded the provider " + provider.getSlug());
    return provider;
  }

  /**
   * The profile {@code slug} binding the built-in embeddings and, unless {@code llm} is null, an
   * LLM provider with no models yet; made only when no profile has that slug.
   */
  private void deployment(
      String slug,
      String displayName,
      ProviderInstance builtin,
      ManagedModel embeddings,
      ProviderInstance llm) {
    if (deployments.findBySlug(slug).isPresent()) {
      return;
    }
    DeploymentProfile deployment =
        new DeploymentProfile(slug, displayName, "Seeded at startup from the configured runtimes");
    deployments.add(deployment);
    deployments.flush();
    DeploymentBinding embeddingsBinding =
        new DeploymentBinding(deployment.getId(), Capability.EMBEDDINGS);
    embeddingsBinding.set(builtin.getId(), List.of(embeddings.getId()), embeddings.getId());
    deployments.addBinding(embeddingsBinding);
    if (llm != null) {
      DeploymentBinding llmBinding =
          new DeploymentBinding(deployment.getId(), Capability.LLM_INFERENCE);
      llmBinding.set(llm.getId(), List.of(), null);
      deployments.addBinding(llmBinding);
    }
    deployments.flush();
    seeded = true;
    LOG.info(() -> "Seeded the deployment profile " + slug);
  }

  private void activateDefaultIfNoneActive() {
    if (deployments.findActive().isPresent()) {
      return;
    }
    deployments
        .findBySlug(LOCAL_DEFAULT)
        .ifPresent(
            deployment -> {
              deployment.activate();
              deployments.flush();
              deployments.addAudit(
                  new ActivationAuditEvent(
                      deployment,
                      null,
                      ActivationAuditEvent.ACTIVATED,
                      "activated at startup: no profile was active",
                      null));
              seeded = true;
              LOG.info(() -> "Activated the deployment profile " + LOCAL_DEFAULT);
            });
  }
}

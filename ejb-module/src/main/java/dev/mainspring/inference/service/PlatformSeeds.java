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
import dev.mainspring.inference.service.provider.ProviderConfig;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The writes of {@link PlatformBootstrap}, each in one transaction under the activation lock (a
 * PostgreSQL advisory lock), so that instances starting together seed once: what is already there
 * is looked up again under the lock and left as it is. No method calls the network: the bootstrap
 * checks URLs and asks the runtime for its models between transactions.
 */
@Stateless
public class PlatformSeeds {

  static final String LOCAL_LLM = "local-llm";
  static final String LOCAL_LLAMA_CPP = "local-llama-cpp";
  static final String LOCAL_DEFAULT = "local-default";
  static final String LLAMA_CPP_FAMILY = "llama_cpp_local";
  static final String BUILTIN_FAMILY = "builtin_embeddings";
  static final String BUILTIN_VECTOR_STORE_FAMILY = "builtin_vector_store";

  /**
   * The built-in vector store's provider instance, seeded so that a knowledge base can be created
   * on the embedded defaults without making a provider first.
   */
  public static final String BUILTIN_VECTOR_STORE = "builtin-vector-store";

  private static final Logger LOG = Logger.getLogger(PlatformSeeds.class.getName());

  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;
  @Inject DeploymentRepository deployments;
  @Inject PlatformChanges changes;

  /** The local LLM runtime whose models are still to be seeded: a provider and its family. */
  public record Runtime(ProviderInstance provider, ProviderFamily family) {}

  /** The outcome of {@link #seedModels}. */
  public enum ModelSeeding {
    /** Models were made and, where the profile allowed, bound. */
    SEEDED,
    /** Nothing to do any more: models exist on the provider, or it is gone. */
    SETTLED,
    /** The provider changed since it was asked; ask it again. */
    PROVIDER_CHANGED
  }

  /**
   * Seeds document C's defaults: the built-in embeddings provider and model, {@code local-llm} from
   * {@code llmUrl} of family {@code llmFamily}, {@code local-llama-cpp} from {@code llamaCppUrl}
   * (both URLs checked by the caller, or null), the profiles {@code local-default} and, with
   * llama.cpp, {@code local-llama-cpp}, and activates {@code local-default} when no profile is
   * active.
   *
   * @return {@code local-llm} when it exists, is enabled, and runs no managed model yet: the
   *     runtime whose models the bootstrap should seed
   */
  public Optional<Runtime> seedDefaults(String llmUrl, String llmFamily, String llamaCppUrl) {
    deployments.lockActivation();
    ProviderInstance builtin = builtinProvider();
    ManagedModel embeddings = builtinModel(builtin);
    builtinVectorStore();
    Optional<ProviderInstance> llm = llmProvider(LOCAL_LLM, "Local LLM", llmFamily, llmUrl);
    Optional<ProviderInstance> llamaCpp =
        llmProvider(LOCAL_LLAMA_CPP, "llama.cpp (local)", LLAMA_CPP_FAMILY, llamaCppUrl);
    deployment(LOCAL_DEFAULT, "Local default", builtin, embeddings, llm.orElse(null));
    if (llamaCpp.isPresent()) {
      deployment(LOCAL_LLAMA_CPP, "Local llama.cpp", builtin, embeddings, llamaCpp.get());
    }
    activateDefaultIfNoneActive();
    return llm.filter(ProviderInstance::isEnabled)
        .filter(provider -> models.countOnProvider(provider.getId()) == 0)
        .map(provider -> new Runtime(provider, families.get(provider.getFamilyKey())))
        .filter(
            runtime -> ProviderFamily.ADAPTER_OPENAI_HTTP.equals(runtime.family().getAdapter()));
  }

  /**
   * Makes a managed model of every id the runtime advertised (key: the id, made to fit the model
   * key rule), active and validated, and binds them to {@code local-default} with the first as the
   * default, when that profile's {@code llm_inference} binding is still the runtime's and lists no
   * models. Under the activation lock the provider is read again: nothing is made when it changed
   * since it was asked, is gone, or runs managed models already (made by another instance, or by an
   * operator).
   */
  public ModelSeeding seedModels(Runtime asked, List<String> advertised, long latencyMs) {
    deployments.lockActivation();
    Optional<ProviderInstance> current = providers.find(asked.provider().getId());
    if (current.isEmpty() || models.countOnProvider(asked.provider().getId()) > 0) {
      return ModelSeeding.SETTLED;
    }
    ProviderInstance provider = current.get();
    if (provider.getVersion() != asked.provider().getVersion()) {
      return ModelSeeding.PROVIDER_CHANGED;
    }
    List<ManagedModel> made = new ArrayList<>();
    for (Map.Entry<String, String> entry : modelKeys(advertised).entrySet()) {
      String key = entry.getKey();
      String providerModelId = entry.getValue();
      if (models.findByKey(key).isPresent()) {
        LOG.warning(
            () ->
                "Not seeding the model "
                    + providerModelId
                    + " of "
                    + provider.getSlug()
                    + ": the key "
                    + key
                    + " is taken");
        continue;
      }
      ManagedModel model =
          new ManagedModel(
              key,
              providerModelId,
              Capability.LLM_INFERENCE,
              provider.getId(),
              providerModelId,
              null,
              null);
      model.setStatus(ManagedModel.ACTIVE);
      model.validated(true);
      models.add(model);
      models.flush();
      models.addValidation(
          new ModelValidation(
              model.getId(),
              provider.getId(),
              true,
              "seeded at startup: provider "
                  + provider.getSlug()
                  + " answered GET /models in "
                  + latencyMs
                  + " ms and lists "
                  + providerModelId,
              null));
      made.add(model);
    }
    if (made.isEmpty()) {
      return ModelSeeding.SETTLED;
    }
    bindToLocalDefault(provider, made);
    models.flush();
    changes.changed();
    LOG.info(
        () ->
            "Seeded the models "
                + made.stream().map(ManagedModel::getModelKey).toList()
                + " of "
                + provider.getSlug());
    return ModelSeeding.SEEDED;
  }

  private void bindToLocalDefault(ProviderInstance provider, List<ManagedModel> made) {
    Optional<DeploymentBinding> binding =
        deployments
            .findBySlug(LOCAL_DEFAULT)
            .flatMap(profile -> deployments.binding(profile.getId(), Capability.LLM_INFERENCE));
    if (binding.isEmpty()
        || !provider.getId().equals(binding.get().getProviderId())
        || !binding.get().getModelIds().isEmpty()) {
      LOG.info(
          () ->
              "Not binding the seeded models: "
                  + LOCAL_DEFAULT
                  + " no longer binds "
                  + provider.getSlug()
                  + " without models");
      return;
    }
    binding
        .get()
        .set(
            provider.getId(), made.stream().map(ManagedModel::getId).toList(), made.get(0).getId());
    deployments.findBySlug(LOCAL_DEFAULT).ifPresent(DeploymentProfile::touch);
    deployments.flush();
  }

  /**
   * A model key for each advertised id, in order: the id itself when it fits the key rule ({@code
   * ^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$}), else the id with leading characters other than letters
   * and digits dropped and other characters replaced by {@code -}. Ids longer than 200 characters,
   * or with nothing left, are skipped; the first id wins a key two ids share.
   */
  static Map<String, String> modelKeys(List<String> advertised) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String id : advertised) {
      if (id == null || id.isBlank() || id.length() > 200) {
        continue;
      }
      String key = id.replaceAll("[^A-Za-z0-9._:/-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
      if (!key.isEmpty()) {
        keys.putIfAbsent(key, id);
      }
    }
    return keys;
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

  private void builtinVectorStore() {
    if (providers.findBySlug(BUILTIN_VECTOR_STORE).isEmpty()) {
      ProviderInstance provider =
          newProvider(BUILTIN_VECTOR_STORE, BUILTIN_VECTOR_STORE_FAMILY, "Built-in vector store");
      provider.setDescription("Chunks in PostgreSQL, searched in-process inside Mainspring");
      saved(provider);
    }
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
              changes.changed();
              LOG.info("Seeded the built-in embeddings model " + BuiltinModels.EMBEDDINGS);
              return model;
            });
  }

  /**
   * The provider {@code slug}: the existing one, or one made from {@code url} when given (already
   * checked: a valid endpoint and an allowed destination).
   */
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
    ProviderInstance provider = newProvider(slug, familyKey, displayName);
    provider.setEndpointUrl(url);
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
    changes.changed();
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
    changes.changed();
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
              changes.changed();
              LOG.info(() -> "Activated the deployment profile " + LOCAL_DEFAULT);
            });
  }
}

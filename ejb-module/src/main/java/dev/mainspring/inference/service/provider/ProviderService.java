package dev.mainspring.inference.service.provider;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderCredential;
import dev.mainspring.inference.model.provider.ProviderCredentialRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.inference.service.Versions;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.model.Timestamps;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Provider instances of document C's control plane ({@code /v1/platform/providers}), for
 * superadmins: configure them, check that they answer, and record which managed model a local
 * runtime should hold in its loaded-model slot. A provider's family, and so its origin, is fixed at
 * creation; changing locality means making a provider of another family.
 */
@Stateless
public class ProviderService {

  @Inject CurrentCaller currentCaller;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ProviderCredentialRepository credentials;
  @Inject ManagedModelRepository models;
  @Inject ProviderProbe probe;
  @Inject PlatformChanges changes;
  @Inject ProviderClients clients;
  @Inject ProviderTargets targets;
  @Inject ProviderDestinations destinations;

  public List<ProviderFamilyView> families() {
    superadmin();
    return families.listAll().stream().map(ProviderFamilyView::of).toList();
  }

  public List<ProviderView> list() {
    superadmin();
    return providers.listAll().stream().map(this::view).toList();
  }

  public ProviderView get(@NotNull UUID id) {
    superadmin();
    return view(providers.get(id));
  }

  public ProviderView create(@NotNull @Valid ProviderRequest request) {
    superadmin();
    checkDestination(request);
    ProviderFamily family =
        families
            .find(request.providerKey())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "unknown_provider_family",
                        "there is no provider family " + request.providerKey()));
    requireFreeSlug(request.slug(), null);
    ProviderInstance provider = new ProviderInstance(request.slug(), family.getKey());
    apply(request, family, provider);
    providers.add(provider);
    providers.flush();
    changes.changed();
    return ProviderView.of(provider, family);
  }

  /**
   * Replaces every editable field. The family cannot change (409 {@code
   * provider_family_immutable}); validations of the provider's models go stale (except for the
   * built-in provider, whose endpoint and secret do not exist).
   */
  public ProviderView replace(
      @NotNull UUID id, @NotNull @Valid ProviderRequest request, Long expectedVersion) {
    superadmin();
    checkDestination(request);
    ProviderInstance provider = providers.get(id);
    Versions.check("provider " + id, provider.getVersion(), expectedVersion);
    if (!provider.getFamilyKey().equals(request.providerKey())) {
      throw new ConflictException(
          "provider_family_immutable",
          "a provider's family (and so its origin) cannot change; create a provider of family "
              + request.providerKey()
              + " instead");
    }
    requireFreeSlug(request.slug(), id);
    ProviderFamily family = families.get(provider.getFamilyKey());
    apply(request, family, provider);
    provider.touch();
    providers.save(provider);
    if (!ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter())) {
      // The built-in provider has no endpoint or secret: nothing its models were validated
      // against can change.
      models.invalidateValidations(id);
    }
    changes.changed();
    return ProviderView.of(provider, family);
  }

  /** Deletes a provider nothing refers to; 409 {@code provider_in_use} otherwise. */
  public void delete(@NotNull UUID id, Long expectedVersion) {
    superadmin();
    ProviderInstance provider = providers.get(id);
    Versions.check("provider " + id, provider.getVersion(), expectedVersion);
    long references = providers.countReferences(id);
    if (references > 0) {
      throw ProviderInstanceRepository.inUse(
          provider.getSlug(), references + " deployment bindings or managed models");
    }
    providers.remove(provider);
    providers.flush();
    clients.forget(id);
    changes.changed();
  }

  /**
   * Checks that the provider answers. While the runtime is offline a cloud provider is not
   * contacted (409 {@code offline_provider_blocked}). The provider is read in a transaction of its
   * own and probed after it ended: no transaction waits on the network.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public ProviderCheck validate(@NotNull UUID id) {
    superadmin();
    ProviderTargets.Target target = targets.forCheck(id);
    return ProviderCheck.of(id, probe.probe(target.provider(), target.family()), Timestamps.now());
  }

  /**
   * Records the managed model a local runtime should hold. Mainspring keeps the intent; it does not
   * load the model into the runtime.
   */
  public ProviderView loadModel(@NotNull UUID id, @NotNull @Valid LoadedModelRequest request) {
    superadmin();
    ProviderInstance provider = providers.get(id);
    ProviderFamily family = requireLocalRuntime(provider);
    ManagedModel model =
        models
            .find(request.modelId())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "unknown_model", "there is no managed model " + request.modelId()));
    if (!model.getCapability().equals(family.getCapability())) {
      throw new InvalidRequestException(
          "model_capability_mismatch",
          "model "
              + model.getModelKey()
              + " is for "
              + model.getCapability()
              + ", the provider serves "
              + family.getCapability());
    }
    return setLoadedModel(provider, family, model.getId());
  }

  /** Clears the loaded-model slot of a local runtime. */
  public ProviderView unloadModel(@NotNull UUID id) {
    superadmin();
    ProviderInstance provider = providers.get(id);
    return setLoadedModel(provider, requireLocalRuntime(provider), null);
  }

  private ProviderView setLoadedModel(
      ProviderInstance provider, ProviderFamily family, UUID modelId) {
    provider.setLoadedModelId(modelId);
    provider.touch();
    providers.save(provider);
    changes.changed();
    return ProviderView.of(provider, family);
  }

  private ProviderFamily requireLocalRuntime(ProviderInstance provider) {
    ProviderFamily family = families.get(provider.getFamilyKey());
    if (family.isCloud() || !ProviderFamily.ADAPTER_OPENAI_HTTP.equals(family.getAdapter())) {
      throw new InvalidRequestException(
          "loaded_model_local_only",
          "only local OpenAI-compatible runtimes have a loaded-model slot; "
              + family.getKey()
              + " has none");
    }
    return family;
  }

  private void apply(ProviderRequest request, ProviderFamily family, ProviderInstance provider) {
    boolean builtin = ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter());
    boolean postgres = ProviderFamily.ADAPTER_POSTGRESQL.equals(family.getAdapter());
    provider.setSlug(request.slug());
    provider.setDisplayName(request.displayName());
    provider.setDescription(request.description());
    provider.setEndpointUrl(
        builtin
            ? null
            : postgres
                ? PostgresEndpoints.check(request.endpointUrl())
                : EndpointUrls.check(request.endpointUrl()));
    provider.setApiKeyRef(builtin ? null : apiKeyRef(request.secretRefs()));
    provider.setEnabled(request.enabled() == null || request.enabled());
    (request.config() == null ? ProviderConfig.DEFAULTS : request.config()).applyTo(provider);
  }

  /**
   * 400 {@code endpoint_not_allowed} when the request's endpoint resolves to an address providers
   * may not use. Called before the first query: resolving a host name may wait on DNS, and then no
   * database connection or lock is held yet. A URL that is not valid is left to {@link #apply},
   * which knows whether the family takes one at all.
   */
  private void checkDestination(ProviderRequest request) {
    String url = request.endpointUrl();
    if (url == null || url.isBlank()) {
      return;
    }
    String endpoint;
    try {
      endpoint =
          PostgresEndpoints.isPostgres(url)
              ? PostgresEndpoints.check(url)
              : EndpointUrls.check(url);
    } catch (InvalidRequestException notAUrl) {
      return;
    }
    destinations.check(endpoint);
  }

  /** The {@code api_key} reference of {@code secretRefs}, checked to name a saved credential. */
  private String apiKeyRef(Map<String, String> secretRefs) {
    if (secretRefs == null || secretRefs.isEmpty()) {
      return null;
    }
    for (String key : secretRefs.keySet()) {
      if (!ProviderView.API_KEY.equals(key)) {
        throw new InvalidRequestException(
            "invalid_secret_refs", "secret_refs takes only api_key, not " + key);
      }
    }
    String ref = secretRefs.get(ProviderView.API_KEY);
    if (ref == null || ref.isBlank()) {
      return null;
    }
    UUID credentialId = credentialId(ref);
    if (credentialId == null || credentials.find(credentialId).isEmpty()) {
      throw new InvalidRequestException(
          "unknown_credential",
          "secret_refs.api_key must be "
              + ProviderCredential.REF_PREFIX
              + "<id> of a saved credential");
    }
    return ref;
  }

  private static UUID credentialId(String ref) {
    if (!ref.startsWith(ProviderCredential.REF_PREFIX)) {
      return null;
    }
    try {
      return UUID.fromString(ref.substring(ProviderCredential.REF_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void requireFreeSlug(String slug, UUID exceptId) {
    providers
        .findBySlug(slug)
        .filter(other -> !other.getId().equals(exceptId))
        .ifPresent(
            other -> {
              throw ProviderInstanceRepository.slugTaken(slug);
            });
  }

  private ProviderView view(ProviderInstance provider) {
    return ProviderView.of(provider, families.get(provider.getFamilyKey()));
  }

  private void superadmin() {
    PlatformAdmin.require(currentCaller.get());
  }
}

package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a deployment binding before it is saved (each violation a 400 with its own code): a known
 * capability, an existing provider of that capability, and for model-bearing capabilities distinct
 * managed models of the same capability that may be bound (active, validation current and
 * successful), with the default among them. A binding may list no models yet; a capability that
 * bears no models takes none.
 */
@ApplicationScoped
public class BindingRules {

  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;
  @Inject BindableKnowledgeBases knowledgeBases;

  /** A binding that passed the rules, with the provider's family for the caller's own checks. */
  public record Checked(
      String capability,
      UUID providerId,
      ProviderFamily family,
      List<UUID> resources,
      UUID defaultResourceId) {}

  public Checked check(String capabilityKey, BindingChange change) {
    Capability capability =
        Capability.find(capabilityKey)
            .orElseThrow(
                () ->
                    invalid(
                        "unknown_capability",
                        "there is no capability "
                            + capabilityKey
                            + "; use one of "
                            + Capability.ALL.stream().map(Capability::key).toList()));
    if (change.providerId() == null) {
      throw invalid(
          "binding_provider_required", "the " + capability.key() + " binding needs a provider_id");
    }
    ProviderInstance provider =
        providers
            .find(change.providerId())
            .orElseThrow(
                () -> invalid("unknown_provider", "there is no provider " + change.providerId()));
    ProviderFamily family = families.get(provider.getFamilyKey());
    if (!family.getCapability().equals(capability.key())) {
      throw invalid(
          "provider_capability_mismatch",
          "provider "
              + provider.getSlug()
              + " serves "
              + family.getCapability()
              + ", not "
              + capability.key());
    }
    List<UUID> resources = change.resources() == null ? List.of() : change.resources();
    if (Capability.VECTOR_STORE.equals(capability.key())) {
      if (change.defaultResourceId() != null) {
        throw invalid(
            "default_not_allowed", "a vector_store binding has no default knowledge base");
      }
      checkKnowledgeBases(provider, resources);
      return new Checked(capability.key(), provider.getId(), family, List.copyOf(resources), null);
    }
    if (!capability.modelBearing()
        && (!resources.isEmpty() || change.defaultResourceId() != null)) {
      throw invalid(
          "resources_not_allowed", capability.key() + " bindings take no model resources");
    }
    checkResources(capability, resources);
    if (change.defaultResourceId() != null && !resources.contains(change.defaultResourceId())) {
      throw invalid(
          "default_not_in_resources", "default_resource_id must be one of the binding's resources");
    }
    return new Checked(
        capability.key(),
        provider.getId(),
        family,
        List.copyOf(resources),
        change.defaultResourceId());
  }

  private void checkResources(Capability capability, List<UUID> resources) {
    Set<UUID> seen = new HashSet<>();
    for (UUID id : resources) {
      if (id == null) {
        throw invalid("unknown_model", "resources must name managed models");
      }
      if (!seen.add(id)) {
        throw invalid("duplicate_resource", "model " + id + " is listed twice");
      }
      ManagedModel model =
          models.find(id).orElseThrow(() -> invalid("unknown_model", "there is no model " + id));
      if (!model.getCapability().equals(capability.key())) {
        throw invalid(
            "model_capability_mismatch",
            "model " + model.getModelKey() + " is for " + model.getCapability());
      }
      if (!model.isBindable()) {
        throw invalid(
            "model_not_bindable",
            "model "
                + model.getModelKey()
                + " cannot be bound: it must be active with a current, successful validation");
      }
    }
  }

  /**
   * A vector_store binding's resources are knowledge bases (document C): each must exist, be active
   * and ready, and live in the binding's own provider instance.
   */
  private void checkKnowledgeBases(ProviderInstance provider, List<UUID> resources) {
    Set<UUID> seen = new HashSet<>();
    for (UUID id : resources) {
      if (id == null) {
        throw invalid("unknown_knowledge_base", "resources must name knowledge bases");
      }
      if (!seen.add(id)) {
        throw invalid("duplicate_resource", "knowledge base " + id + " is listed twice");
      }
      BindableKnowledgeBases.KnowledgeBaseResource kb =
          knowledgeBases
              .find(id)
              .orElseThrow(
                  () -> invalid("unknown_knowledge_base", "there is no knowledge base " + id));
      if (!kb.eligibleForBinding()) {
        throw invalid(
            "knowledge_base_not_bindable",
            "knowledge base " + kb.slug() + " cannot be bound: it must be active and ready");
      }
      if (!kb.providerId().equals(provider.getId())) {
        throw invalid(
            "knowledge_base_provider_mismatch",
            "knowledge base "
                + kb.slug()
                + " lives in another vector_store provider instance than "
                + provider.getSlug());
      }
    }
  }

  private static InvalidRequestException invalid(String code, String message) {
    return new InvalidRequestException(code, message);
  }
}

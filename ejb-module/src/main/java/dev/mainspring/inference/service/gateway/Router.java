package dev.mainspring.inference.service.gateway;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.modelops.ModelAccessPolicy;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a model call goes, from a {@link RuntimeSnapshot} alone (no database): the provider
 * bound to the capability in the active deployment profile, and the model asked for, else the
 * caller's default, else the binding's default, provided the caller may use it.
 *
 * <p>A model the caller may not use answers exactly like a model that does not exist (404 {@code
 * model_not_found}), so sharing rules reveal nothing. While the runtime is offline, a cloud
 * provider is refused (409 {@code offline_provider_blocked}) and its models are not listed.
 */
final class Router {

  /** Where one call goes. */
  record Route(RuntimeSnapshot.Bound bound, RuntimeSnapshot.Model model) {}

  private final ModelAccessPolicy policy;

  Router(ModelAccessPolicy policy) {
    this.policy = policy;
  }

  /**
   * The provider and model for a call of {@code capability}.
   *
   * @param requested the model key the caller named; null for a default
   * @param userDefault the caller's own default model key; null when it has none
   */
  Route route(
      RuntimeSnapshot snapshot,
      Caller caller,
      String capability,
      String requested,
      String userDefault) {
    RuntimeSnapshot.Bound bound =
        snapshot
            .capability(capability)
            .orElseThrow(
                () ->
                    new GatewayException(
                        503,
                        "capability_unavailable",
                        "no active deployment profile binds a provider for " + capability,
                        null));
    if (snapshot.offline() && bound.family().isCloud()) {
      throw OfflineGuard.blocked(bound.family().getKey());
    }
    RuntimeSnapshot.Model model;
    if (requested != null) {
      model =
          bound
              .model(requested)
              .filter(m -> policy.allows(m.access(), caller))
              .orElseThrow(() -> modelNotFound(requested));
    } else {
      model =
          Optional.ofNullable(userDefault)
              .flatMap(bound::model)
              .filter(m -> policy.allows(m.access(), caller))
              .or(() -> bound.defaultModel().filter(m -> policy.allows(m.access(), caller)))
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "model_required", "name a model: there is no default you may use"));
    }
    if (!bound.provider().isEnabled()) {
      throw new GatewayException(
          503, "provider_disabled", "the provider serving this model is disabled", null);
    }
    return new Route(bound, model);
  }

  /** The models the caller may use, chat models first, each capability's default marked. */
  List<GatewayModel> available(RuntimeSnapshot snapshot, Caller caller) {
    return RuntimeSnapshots.MODEL_CAPABILITIES.stream()
        .flatMap(capability -> snapshot.capability(capability).stream())
        .filter(bound -> !(snapshot.offline() && bound.family().isCloud()))
        .flatMap(
            bound ->
                bound.models().stream()
                    .filter(model -> policy.allows(model.access(), caller))
                    .map(
                        model ->
                            new GatewayModel(
                                model.key(),
                                model.displayName(),
                                model.capability(),
                                bound.family().getProviderOrigin(),
                                model.contextWindow(),
                                model.createdEpochSeconds(),
                                bound.defaultModel().filter(model::equals).isPresent())))
        .toList();
  }

  static NotFoundException modelNotFound(String key) {
    return new NotFoundException(
        "model_not_found",
        "The model '" + key + "' does not exist or you do not have access to it.");
  }
}

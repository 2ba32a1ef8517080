package dev.mainspring.inference.service.gateway;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.gateway.UserModelSettings;
import dev.mainspring.inference.model.gateway.UserModelSettingsRepository;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * What models a user may use (document E) and the user's own model settings (document A). The
 * settings apply to the user's calls with a bearer token: an omitted model falls back to the user's
 * default model, omitted sampling parameters to the user's values. API-key calls are programmatic
 * and use only what they send and the deployment's defaults.
 */
@Stateless
public class ModelSettingsService {

  @Inject CurrentCaller currentCaller;
  @Inject Gateway gateway;
  @Inject UserModelSettingsRepository settings;

  /** The models the caller may use in the active deployment profile. */
  public List<AvailableModel> available() {
    Caller caller = currentCaller.get();
    caller.requireScope("models:read");
    return gateway.availableModels(caller).stream()
        .map(
            model ->
                new AvailableModel(
                    model.key(),
                    model.displayName(),
                    model.capability(),
                    model.providerOrigin(),
                    model.contextWindow(),
                    model.isDefault()))
        .toList();
  }

  public ModelSettingsView get() {
    Caller caller = currentCaller.get();
    caller.requireUser();
    return settings
        .find(caller.userId())
        .map(ModelSettingsView::of)
        .orElse(ModelSettingsView.unset());
  }

  public ModelSettingsView update(@NotNull @Valid ModelSettingsChange change) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    if (change.defaultModel() != null
        && gateway.availableModels(caller).stream()
            .noneMatch(
                m -> m.key().equals(change.defaultModel()) && Gateway.LLM.equals(m.capability()))) {
      throw new InvalidRequestException(
          "model_not_available",
          "default_model must be a chat model you may use: see GET /api/models/available");
    }
    UserModelSettings mine =
        settings
            .find(caller.userId())
            .orElseGet(
                () -> {
                  UserModelSettings made = new UserModelSettings(caller.userId());
                  settings.add(made);
                  return made;
                });
    mine.set(change.defaultModel(), change.temperature(), change.topP(), change.maxTokens());
    return ModelSettingsView.of(mine);
  }
}

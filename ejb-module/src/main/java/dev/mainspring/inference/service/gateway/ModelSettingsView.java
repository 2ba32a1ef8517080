package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UserModelSettings;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A user's model settings (document A); nulls are "not set". */
@JsonbPropertyOrder({"defaultModel", "temperature", "topP", "maxTokens", "updatedAt"})
public record ModelSettingsView(
    String defaultModel, Double temperature, Double topP, Integer maxTokens, Instant updatedAt) {

  static ModelSettingsView of(UserModelSettings settings) {
    return new ModelSettingsView(
        settings.getDefaultModel(),
        settings.getTemperature(),
        settings.getTopP(),
        settings.getMaxTokens(),
        settings.getUpdatedAt());
  }

  static ModelSettingsView unset() {
    return new ModelSettingsView(null, null, null, null, null);
  }
}

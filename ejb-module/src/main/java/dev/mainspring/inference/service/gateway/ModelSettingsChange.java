package dev.mainspring.inference.service.gateway;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * New model settings, replacing the old ones; a null field clears the setting. {@code defaultModel}
 * must be a chat model the user may use now.
 */
public record ModelSettingsChange(
    @Size(min = 1, max = 200) String defaultModel,
    @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
    @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double topP,
    @Min(1) @Max(1_000_000) Integer maxTokens) {}

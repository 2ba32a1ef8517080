package dev.mainspring.inference.service.modelops;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A managed model to create. {@code modelId} is the key clients will send as {@code "model"};
 * {@code capability} is {@code llm_inference} or {@code embeddings} (checked by the service, which
 * answers {@code invalid_capability}); {@code providerModelId} is the model's name at the provider.
 */
public record NewModel(
    @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}") String modelId,
    @NotBlank @Size(max = 200) String displayName,
    String capability,
    @NotNull UUID providerId,
    @NotBlank @Size(max = 200) String providerModelId,
    @Min(1) @Max(10_000_000) Integer contextWindow) {}

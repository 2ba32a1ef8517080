package dev.mainspring.inference.service.provider;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** The managed model to record in a local provider's loaded-model slot. */
public record LoadedModelRequest(@NotNull UUID modelId) {}

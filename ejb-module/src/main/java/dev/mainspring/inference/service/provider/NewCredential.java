package dev.mainspring.inference.service.provider;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A provider secret to save: a unique name, the secret itself, an optional description. */
public record NewCredential(
    @NotBlank @Size(max = 100) String name,
    @NotBlank @Size(max = 8192) String secret,
    @Size(max = 500) String description) {}

package dev.mainspring.knowledge.service;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A schema profile to create, for the vector-store provider family {@code providerKey}. */
public record SchemaProfileRequest(
    @NotBlank @Size(max = 64) String providerKey,
    @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String displayName,
    @Size(max = 500) String description,
    List<SchemaProperty> properties) {}

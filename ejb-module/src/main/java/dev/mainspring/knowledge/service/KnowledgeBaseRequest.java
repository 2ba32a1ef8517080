package dev.mainspring.knowledge.service;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A knowledge base to create, or its new state (PUT). {@code providerId} (the vector_store provider
 * instance it lives in) and {@code vectorization} are required on creation; {@code chunking}
 * defaults to {@link Chunking#DEFAULT}, {@code schemaProfileId} to the family's built-in template,
 * {@code lifecycleState} to {@code active}.
 *
 * <p>On PUT the create-time fields ({@code providerId}, {@code schemaProfileId}, {@code chunking},
 * {@code vectorization}) may be left out or repeated unchanged; a different value is 409.
 */
public record KnowledgeBaseRequest(
    @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String displayName,
    @Size(max = 500) String description,
    UUID providerId,
    UUID schemaProfileId,
    String lifecycleState,
    Chunking chunking,
    Vectorization vectorization) {}

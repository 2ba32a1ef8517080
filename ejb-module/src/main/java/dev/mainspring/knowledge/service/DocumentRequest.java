package dev.mainspring.knowledge.service;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A document given through the API ({@code POST}/{@code PUT .../documents}): its title, its text
 * and optional metadata (a JSON object kept with it and returned with search results).
 */
public record DocumentRequest(
    @NotBlank @Size(max = 300) String title,
    @NotNull String text,
    @Size(max = 1000) String sourcePath,
    JsonObject metadata) {}

package dev.mainspring.knowledge.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A knowledge source: {@code source_type} {@code local_directory} (the only type so far, and the
 * default), its absolute {@code path} under a root of {@code CONTEXT_SOURCE_ROOTS}, optional
 * include and exclude globs, and {@code lifecycle_state} ({@code active} by default).
 */
public record SourceRequest(
    String sourceType,
    @NotBlank @Size(max = 200) String displayName,
    @NotBlank @Size(max = 1000) String path,
    List<String> includeGlobs,
    List<String> excludeGlobs,
    String lifecycleState) {}

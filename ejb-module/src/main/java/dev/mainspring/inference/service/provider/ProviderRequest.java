package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A provider instance to create, or the full new state of one (PUT). {@code secretRefs} takes only
 * {@code api_key}, a {@code modelops://credential/<id>} reference; {@code enabled} defaults to true
 * and {@code config} to {@link ProviderConfig#DEFAULTS}, member by member.
 */
public record ProviderRequest(
    @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @NotBlank @Size(max = 200) String displayName,
    @Size(max = 500) String description,
    @NotBlank @Size(max = 64) String providerKey,
    @Size(max = 2000) String endpointUrl,
    Map<String, String> secretRefs,
    Boolean enabled,
    @Valid ProviderConfig config) {}

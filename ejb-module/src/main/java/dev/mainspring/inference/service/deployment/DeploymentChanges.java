package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes to a deployment profile's identity (PATCH). A member left out stays; an empty description
 * clears it.
 */
public record DeploymentChanges(
    @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String displayName,
    @Size(max = 500) String description) {}

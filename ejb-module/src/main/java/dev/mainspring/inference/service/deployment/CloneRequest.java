package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.service.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The identity of a profile's copy; without a display name it keeps the original's. */
public record CloneRequest(
    @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String displayName) {}

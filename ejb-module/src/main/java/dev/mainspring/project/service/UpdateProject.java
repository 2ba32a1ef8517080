package dev.mainspring.project.service;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes to a project. A field left out (or null) stays as it is; an empty description clears it.
 */
public record UpdateProject(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
    @Size(max = 10_000) String description) {}

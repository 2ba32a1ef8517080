package dev.mainspring.project.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The request to create a project. */
public record CreateProject(
    @NotBlank @Size(max = 200) String name, @Size(max = 10_000) String description) {}

package dev.mainspring.identity.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request to create an organization. */
public record NewOrganization(
    @NotBlank
        @Size(min = 2, max = 100)
        @Pattern(regexp = ".*[A-Za-z0-9].*", message = "must contain a letter or digit")
        String name) {}

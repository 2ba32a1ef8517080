package dev.mainspring.identity.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A member's new role. */
public record RoleChange(
    @NotBlank @Pattern(regexp = "member|admin", message = "must be member or admin") String role) {}

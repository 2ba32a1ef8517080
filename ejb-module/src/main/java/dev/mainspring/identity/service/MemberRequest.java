package dev.mainspring.identity.service;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Adds a user to an organization by e-mail; the account is created if there is none yet. */
public record MemberRequest(
    @NotBlank @Email @Size(max = 320) String email,
    @NotBlank @Pattern(regexp = "member|admin", message = "must be member or admin") String role) {}

package dev.mainspring.identity.service.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new account: e-mail, password (at least 12 characters) and an optional display name. */
public record Registration(
    @NotBlank @Email @Size(max = 320) String email,
    @NotBlank @Size(min = 12, max = 1024) String password,
    @Size(max = 200) String displayName) {}

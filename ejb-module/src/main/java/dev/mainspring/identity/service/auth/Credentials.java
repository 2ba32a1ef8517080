package dev.mainspring.identity.service.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An e-mail address and a password, as a login sends them. */
public record Credentials(
    @NotBlank @Email @Size(max = 320) String email, @NotBlank @Size(max = 1024) String password) {}

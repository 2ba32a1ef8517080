package dev.mainspring.identity.service.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A refresh token presented to be rotated or revoked. */
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}

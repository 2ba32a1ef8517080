package dev.mainspring.identity.service.apikey;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The request to create an API key in the caller's organization. */
public record NewApiKey(
    @NotBlank @Size(max = 100) String name,
    @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 100) String> scopes,
    @Future Instant expiresAt) {}

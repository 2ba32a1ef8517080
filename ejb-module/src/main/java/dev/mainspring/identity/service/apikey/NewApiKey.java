package dev.mainspring.identity.service.apikey;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * The request to create an API key in the caller's organization. Without {@code scopes} the key
 * gets those of the creator's role; an empty list is refused (a key that may do nothing).
 */
public record NewApiKey(
    @NotBlank @Size(max = 100) String name,
    @Size(min = 1, message = "must not be empty; leave it out for the scopes of your role")
        @Size(max = 50)
        List<@NotBlank @Size(max = 100) String> scopes,
    @Future Instant expiresAt) {}

package dev.mainspring.identity.service.apikey;

/**
 * A key as a client presented it, reduced to what a lookup needs: the {@code prefix} that finds the
 * stored key and the hex SHA-256 {@code hash} to compare with {@link ApiKeys#hashesMatch}.
 */
public record PresentedApiKey(String prefix, String hash) {}

package dev.mainspring.identity.service.token;

/** What a login or a refresh hands out. */
public record TokenPair(
    String accessToken, String refreshToken, String tokenType, long expiresIn) {}

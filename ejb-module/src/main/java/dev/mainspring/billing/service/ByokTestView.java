package dev.mainspring.billing.service;

import java.time.Instant;

/**
 * What a key test found: {@code tested} is {@code stored} (the caller's stored key, whose status
 * then shows this result) or {@code provided} (a key sent with the request, not stored); {@code
 * result} a stable code ({@code ok}, {@code key_rejected}, {@code provider_unreachable}, {@code
 * provider_http_error}, {@code endpoint_not_allowed}) and {@code message} a plain sentence.
 */
public record ByokTestView(
    boolean ok, String tested, String result, String message, Long latencyMs, Instant testedAt) {}

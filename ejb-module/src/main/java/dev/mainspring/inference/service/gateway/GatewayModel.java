package dev.mainspring.inference.service.gateway;

/**
 * A model the caller may call now, in the active deployment profile.
 *
 * @param key the model key callers name
 * @param capability {@code llm_inference} or {@code embeddings}
 * @param providerOrigin {@code local} or {@code cloud}
 * @param contextWindow in tokens, when known
 * @param createdEpochSeconds when the model was registered
 * @param isDefault whether it is its binding's default model
 */
public record GatewayModel(
    String key,
    String displayName,
    String capability,
    String providerOrigin,
    Integer contextWindow,
    long createdEpochSeconds,
    boolean isDefault) {}

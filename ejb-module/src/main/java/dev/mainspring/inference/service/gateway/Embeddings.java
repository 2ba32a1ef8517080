package dev.mainspring.inference.service.gateway;

/**
 * An embeddings answer ({@link Gateway#embed}): OpenAI's {@code list} of {@code embedding} objects
 * as JSON, the model key the call was routed to, and the tokens it consumed.
 */
public record Embeddings(String model, String json, TokenCount tokens) {}

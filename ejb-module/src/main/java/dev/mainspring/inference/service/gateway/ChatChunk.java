package dev.mainspring.inference.service.gateway;

/**
 * One piece of a streamed chat answer: the JSON of a {@code chat.completion.chunk} as the provider
 * sent it (a delta of content or tool calls, the finish reason, or the final usage).
 */
public record ChatChunk(String json) {}

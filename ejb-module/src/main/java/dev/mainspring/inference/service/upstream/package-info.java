/**
 * How Mainspring talks to provider instances. Every provider (vLLM, llama.cpp, OpenAI-compatible
 * clouds) speaks the OpenAI HTTP API, so one plain client, {@link
 * dev.mainspring.inference.service.upstream.OpenAiUpstream}, covers them all: chat completions with
 * and without streaming ({@link dev.mainspring.inference.service.upstream.ChatStream}), embeddings
 * and the model list, with retries only before the first byte and timeouts for connecting, for the
 * first byte and between stream chunks. Every failure is an {@link
 * dev.mainspring.inference.service.upstream.UpstreamException} (502, 503, 504 or a 429 passed on);
 * a provider's API key never appears in a message. No container and no database here.
 */
package dev.mainspring.inference.service.upstream;

/**
 * The inference context's web edge. This package: document C's platform catalog (families and
 * capabilities). Sub-packages: {@code provider} (ModelOps credentials, {@code
 * /v1/platform/providers}), {@code modelops} ({@code /v1/modelops/models} and their sharing),
 * {@code deployment} ({@code /v1/platform/deployments}, {@code /v1/runtime/profile}) and {@code
 * gateway} (the OpenAI-compatible {@code /v1/chat/completions}, {@code /v1/embeddings}, {@code
 * /v1/models}, document C's inference endpoints, the available models and users' model settings).
 */
package dev.mainspring.inference.api;

/**
 * The model platform's web edge (document C): ModelOps credentials, managed models and their
 * sharing ({@code /v1/modelops/...}), the control plane's providers, deployment profiles,
 * capabilities and activation audit ({@code /v1/platform/...}), the runtime profile ({@code
 * /v1/runtime/profile}), and the OpenAI-compatible gateway ({@code /v1/chat/completions}, {@code
 * /v1/embeddings}, {@code /v1/models}) with the available models and model settings.
 */
package dev.mainspring.model.api;

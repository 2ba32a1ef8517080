/**
 * The model platform's web edge (document C): ModelOps credentials ({@code /v1/modelops/...}), the
 * control plane's providers, deployment profiles, capabilities and activation audit ({@code
 * /v1/platform/...}) and the runtime profile ({@code /v1/runtime/profile}).
 */
package dev.mainspring.model.api;

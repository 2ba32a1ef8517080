/**
 * Saved provider credentials and provider instances ({@code /v1/modelops/credentials}, {@code
 * /v1/platform/providers}).
 */
package dev.mainspring.inference.api.provider;

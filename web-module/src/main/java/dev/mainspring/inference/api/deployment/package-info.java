/**
 * Deployment profiles and the runtime mode ({@code /v1/platform/deployments}, {@code
 * /v1/runtime/profile}).
 */
package dev.mainspring.inference.api.deployment;

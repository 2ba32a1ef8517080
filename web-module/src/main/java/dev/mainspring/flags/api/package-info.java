/** Feature flags' endpoints: {@code /api/feature-flags} and {@code /v1/platform/feature-flags}. */
package dev.mainspring.flags.api;

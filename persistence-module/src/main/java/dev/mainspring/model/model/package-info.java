/**
 * Model providers and their configuration: saved provider credentials so far. Owns the
 * provider_credentials table.
 */
package dev.mainspring.model.model;

/** The model-provider web edge: ModelOps credentials so far ({@code /v1/modelops/...}). */
package dev.mainspring.model.api;

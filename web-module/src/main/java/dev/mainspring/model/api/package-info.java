/**
 * The model-provider web edge: ModelOps credentials, managed models and their sharing ({@code
 * /v1/modelops/...}).
 */
package dev.mainspring.model.api;

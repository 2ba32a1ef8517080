/**
 * The web edge every resource shares: the JAX-RS application, JSON settings, request ids,
 * problem+json error mapping, body limits, CORS, compression and health endpoints.
 */
package dev.mainspring.platform.api;

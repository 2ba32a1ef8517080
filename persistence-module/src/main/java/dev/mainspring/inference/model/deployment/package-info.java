/**
 * Deployment profiles: which provider instance powers each capability and which managed models it
 * serves, which profile is active, the audit of activations and the runtime mode (online or
 * offline).
 */
package dev.mainspring.inference.model.deployment;

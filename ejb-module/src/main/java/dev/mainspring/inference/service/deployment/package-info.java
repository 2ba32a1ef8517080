/**
 * Deployment profiles: their capability bindings and readiness ({@link
 * dev.mainspring.inference.service.deployment.DeploymentService}), activation with its audit
 * ({@link dev.mainspring.inference.service.deployment.DeploymentActivation}) and the runtime mode
 * ({@link dev.mainspring.inference.service.deployment.RuntimeProfileService}).
 */
package dev.mainspring.inference.service.deployment;

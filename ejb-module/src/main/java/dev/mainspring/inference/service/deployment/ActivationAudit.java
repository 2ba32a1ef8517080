package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.deployment.ActivationAuditEvent;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Records rejected activations in a transaction of their own: the rejection itself is a 409 that
 * rolls back the activation's transaction, and the audit row must survive it.
 */
@Stateless
public class ActivationAudit {

  @Inject DeploymentRepository deployments;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void rejected(
      DeploymentProfile deployment, UUID previousDeploymentId, String detail, UUID actorUserId) {
    deployments.addAudit(
        new ActivationAuditEvent(
            deployment, previousDeploymentId, ActivationAuditEvent.REJECTED, detail, actorUserId));
  }
}

package dev.mainspring.model.service;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.model.model.ModelAccess;
import dev.mainspring.model.model.ModelAccessGrant;
import jakarta.enterprise.context.ApplicationScoped;

/** Model governance: whether a caller may use a model, given the model's sharing rule. */
@ApplicationScoped
public class ModelAccessPolicy {

  /** {@code access} null means the model has no rule: everyone may use it. */
  public boolean allows(ModelAccess access, Caller caller) {
    if (caller.superadmin() || access == null || ModelAccess.EVERYONE.equals(access.getScope())) {
      return true;
    }
    if (!ModelAccess.RESTRICTED.equals(access.getScope()) || caller.orgId() == null) {
      return false;
    }
    for (ModelAccessGrant grant : access.getGrants()) {
      if (grant.getOrgId().equals(caller.orgId())) {
        return caller.orgRole() == OrgRole.ADMIN ? grant.isAllowAdmins() : grant.isAllowMembers();
      }
    }
    return false;
  }
}

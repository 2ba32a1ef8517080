package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.modelops.ModelAccessGrant;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Model governance: whether a caller may use a managed model under its sharing rule ({@link
 * ModelAccess}, set through {@code /v1/modelops/sharing}). Superadmins may use every model. A model
 * without a rule, or shared with {@code everyone}, is open to every caller; {@code nobody} closes
 * it; {@code restricted} opens it to the caller's organization only when a grant names it with the
 * caller's role there ({@code allow_members} for members, {@code allow_admins} for admins).
 *
 * <pre>{@code
 * if (!policy.allows(models.access(model.getId()).orElse(null), caller)) { ... 404 ... }
 * }</pre>
 */
@ApplicationScoped
public class ModelAccessPolicy {

  public boolean allows(ModelAccess accessOrNull, Caller caller) {
    if (caller.superadmin()
        || accessOrNull == null
        || ModelAccess.EVERYONE.equals(accessOrNull.getScope())) {
      return true;
    }
    if (!ModelAccess.RESTRICTED.equals(accessOrNull.getScope())
        || caller.orgId() == null
        || caller.orgRole() == null) {
      return false;
    }
    return accessOrNull.getGrants().stream()
        .anyMatch(
            grant -> grant.getOrgId().equals(caller.orgId()) && grants(grant, caller.orgRole()));
  }

  private static boolean grants(ModelAccessGrant grant, OrgRole role) {
    return switch (role) {
      case MEMBER -> grant.isAllowMembers();
      case ADMIN -> grant.isAllowAdmins();
    };
  }
}

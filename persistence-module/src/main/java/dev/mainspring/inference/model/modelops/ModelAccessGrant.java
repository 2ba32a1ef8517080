package dev.mainspring.inference.model.modelops;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.UUID;

/** One organization's share of a restricted model, and which of its roles may use it. */
@Embeddable
public class ModelAccessGrant {

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "allow_members", nullable = false)
  private boolean allowMembers;

  @Column(name = "allow_admins", nullable = false)
  private boolean allowAdmins;

  protected ModelAccessGrant() {}

  public ModelAccessGrant(UUID orgId, boolean allowMembers, boolean allowAdmins) {
    this.orgId = orgId;
    this.allowMembers = allowMembers;
    this.allowAdmins = allowAdmins;
  }

  public UUID getOrgId() {
    return orgId;
  }

  public boolean isAllowMembers() {
    return allowMembers;
  }

  public boolean isAllowAdmins() {
    return allowAdmins;
  }
}

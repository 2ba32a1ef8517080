package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.modelops.ModelAccessGrant;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sharing rule of one managed model ({@code modelId} is its id, {@code modelKey} what clients
 * send as "model"). A model without a rule shows scope {@code everyone}, no grants and no update.
 */
@JsonbPropertyOrder({"modelId", "modelKey", "scope", "grants", "updatedAt", "updatedBy"})
public record SharingView(
    UUID modelId,
    String modelKey,
    String scope,
    List<Grant> grants,
    Instant updatedAt,
    UUID updatedBy) {

  /** An organization granted the model, and which of its roles may use it. */
  @JsonbPropertyOrder({"organizationId", "roles"})
  public record Grant(UUID organizationId, List<String> roles) {

    static Grant of(ModelAccessGrant grant) {
      List<String> roles = new ArrayList<>();
      if (grant.isAllowMembers()) {
        roles.add(OrgRole.MEMBER.wireName());
      }
      if (grant.isAllowAdmins()) {
        roles.add(OrgRole.ADMIN.wireName());
      }
      return new Grant(grant.getOrgId(), List.copyOf(roles));
    }
  }

  static SharingView of(ManagedModel model, ModelAccess accessOrNull) {
    if (accessOrNull == null) {
      return new SharingView(
          model.getId(), model.getModelKey(), ModelAccess.EVERYONE, List.of(), null, null);
    }
    return new SharingView(
        model.getId(),
        model.getModelKey(),
        accessOrNull.getScope(),
        accessOrNull.getGrants().stream().map(Grant::of).toList(),
        accessOrNull.getUpdatedAt(),
        accessOrNull.getUpdatedBy());
  }
}

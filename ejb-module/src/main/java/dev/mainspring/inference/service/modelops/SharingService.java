package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.model.OrganizationRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.modelops.ModelAccessGrant;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Model governance for superadmins ({@code /v1/modelops/sharing}): which organizations, and which
 * roles there, may use each managed model. {@link ModelAccessPolicy} applies the rules.
 */
@Stateless
public class SharingService {

  private static final Set<String> SCOPES =
      Set.of(ModelAccess.EVERYONE, ModelAccess.RESTRICTED, ModelAccess.NOBODY);

  @Inject CurrentCaller currentCaller;
  @Inject ManagedModelRepository models;
  @Inject OrganizationRepository organizations;
  @Inject PlatformChanges changes;

  /** The rule of every managed model, by model key. */
  public List<SharingView> list() {
    superadmin();
    Map<UUID, ModelAccess> accessOf =
        models.allAccess().stream()
            .collect(Collectors.toMap(ModelAccess::getModelId, Function.identity()));
    return models.listAll().stream()
        .map(model -> SharingView.of(model, accessOf.get(model.getId())))
        .toList();
  }

  /** Replaces the model's rule. */
  public SharingView set(@NotNull @Valid SharingChange change) {
    Caller caller = superadmin();
    ManagedModel model = models.get(change.modelId());
    if (change.scope() == null || !SCOPES.contains(change.scope())) {
      throw new InvalidRequestException(
          "invalid_scope", "scope must be everyone, restricted or nobody");
    }
    if (!change.grantList().isEmpty() && !ModelAccess.RESTRICTED.equals(change.scope())) {
      throw new InvalidRequestException(
          "grants_need_restricted", "grants apply only to the scope restricted");
    }
    List<ModelAccessGrant> grants = change.grantList().stream().map(this::grantOf).toList();
    Set<UUID> granted = new HashSet<>();
    for (ModelAccessGrant grant : grants) {
      if (!granted.add(grant.getOrgId())) {
        throw new InvalidRequestException(
            "duplicate_organization", "organization " + grant.getOrgId() + " is granted twice");
      }
    }
    ModelAccess access =
        models
            .access(model.getId())
            .orElseGet(
                () -> {
                  ModelAccess made = new ModelAccess(model.getId());
                  models.addAccess(made);
                  return made;
                });
    access.set(change.scope(), grants, caller.userId());
    models.flush();
    changes.changed();
    return SharingView.of(model, access);
  }

  private ModelAccessGrant grantOf(SharingChange.Grant grant) {
    if (organizations.find(grant.organizationId()).isEmpty()) {
      throw new InvalidRequestException(
          "unknown_organization", "there is no organization " + grant.organizationId());
    }
    List<String> roles = grant.roles() == null ? List.of() : grant.roles();
    if (roles.isEmpty() || !roles.stream().allMatch(role -> OrgRole.parse(role).isPresent())) {
      throw new InvalidRequestException(
          "invalid_role", "roles must name member, admin or both, and at least one of them");
    }
    return new ModelAccessGrant(
        grant.organizationId(),
        roles.contains(OrgRole.MEMBER.wireName()),
        roles.contains(OrgRole.ADMIN.wireName()));
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}

package dev.mainspring.identity.service;

import dev.mainspring.identity.model.AuditEventRepository;
import dev.mainspring.identity.model.Membership;
import dev.mainspring.identity.model.MembershipRepository;
import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.model.Organization;
import dev.mainspring.identity.model.OrganizationRepository;
import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * Users, organizations and memberships. An organization is visible to its members and to
 * superadmins; to anyone else it does not exist (404). Admins manage members; an organization
 * always keeps at least one admin.
 */
@Stateless
@TenantScoped
public class IdentityService {

  @Inject Event<MembershipChanged> membershipChanged;
  @Inject CurrentCaller currentCaller;
  @Inject UserRepository users;
  @Inject OrganizationRepository organizations;
  @Inject MembershipRepository memberships;
  @Inject AuditEventRepository auditEvents;
  @Inject AuditLog audit;
  @Inject TenantSessions sessions;
  @Inject IdentityChanges identityChanges;

  public UserView me() {
    return UserView.of(users.get(currentCaller.get().userId()));
  }

  public UserView updateMe(@NotNull @Valid ProfileChange change) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    User user = users.get(caller.userId());
    if (change.displayName() != null) {
      user.setDisplayName(change.displayName().isBlank() ? null : change.displayName().strip());
    }
    if (change.defaultOrgId() != null) {
      if (memberships.find(change.defaultOrgId(), user.getId()).isEmpty()) {
        throw NotFoundException.of("organization", change.defaultOrgId());
      }
      user.setDefaultOrgId(change.defaultOrgId());
    }
    users.flush();
    return UserView.of(user);
  }

  /** Whether {@code name} is free (its slug is not taken). */
  public boolean isNameAvailable(String name) {
    String slug = Organization.slugOf(name == null ? "" : name);
    if (slug.isEmpty()) {
      throw new InvalidRequestException("invalid_name", "name must contain a letter or digit");
    }
    return organizations.findBySlug(slug).isEmpty();
  }

  /** Creates an organization with the caller as its admin (and default, if they had none). */
  public OrgView create(@NotNull @Valid NewOrganization request) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    if (!isNameAvailable(request.name())) {
      throw OrganizationRepository.nameTaken();
    }
    Organization org = new Organization(request.name());
    organizations.add(org);
    organizations.flush();
    memberships.add(new Membership(org.getId(), caller.userId(), OrgRole.ADMIN));
    User user = users.get(caller.userId());
    if (user.getDefaultOrgId() == null) {
      user.setDefaultOrgId(org.getId());
    }
    organizations.flush();
    audit.record(org.getId(), "organization_created", caller.userId(), null, org.getName());
    return OrgView.of(org, OrgRole.ADMIN.wireName());
  }

  public List<OrgView> list() {
    Caller caller = currentCaller.get();
    UUID user = caller.userId();
    return organizations.listForUser(user).stream()
        .map(o -> OrgView.of(o, roleOf(o.getId(), user)))
        .toList();
  }

  public OrgView get(@NotNull UUID orgId) {
    Caller caller = visible(orgId);
    return OrgView.of(organizations.get(orgId), roleOf(orgId, caller.userId()));
  }

  public List<MemberView> members(@NotNull UUID orgId) {
    visible(orgId);
    return memberships.listForOrg(orgId).stream().map(this::memberView).toList();
  }

  public MemberView addMember(@NotNull UUID orgId, @NotNull @Valid MemberRequest request) {
    Caller caller = adminOf(orgId);
    users.lockEmail(request.email());
    User user =
        users
            .findByEmail(request.email())
            .orElseGet(
                () -> {
                  User invited = new User(request.email(), null);
                  users.add(invited);
                  users.flush();
                  return invited;
                });
    if (memberships.find(orgId, user.getId()).isPresent()) {
      throw MembershipRepository.alreadyMember();
    }
    Membership membership = new Membership(orgId, user.getId(), role(request.role()));
    memberships.add(membership);
    if (user.getDefaultOrgId() == null) {
      user.setDefaultOrgId(orgId);
    }
    users.flush();
    audit.record(orgId, "member_added", caller.userId(), caller.apiKeyId(), user.getEmail());
    membershipChanged.fire(
        new MembershipChanged(orgId, user.getId(), "added", membership.getRole().wireName()));
    return memberView(membership);
  }

  public MemberView changeRole(
      @NotNull UUID orgId, @NotNull UUID userId, @NotNull @Valid RoleChange change) {
    Caller caller = adminOf(orgId);
    Membership membership =
        memberships.find(orgId, userId).orElseThrow(() -> NotFoundException.of("member", userId));
    OrgRole newRole = role(change.role());
    if (membership.getRole() == OrgRole.ADMIN && newRole != OrgRole.ADMIN) {
      requireAnotherAdmin(orgId);
    }
    membership.changeRole(newRole);
    identityChanges.changed();
    audit.record(
        orgId, "role_changed", caller.userId(), caller.apiKeyId(), userId + ":" + change.role());
    membershipChanged.fire(
        new MembershipChanged(orgId, userId, "role_changed", newRole.wireName()));
    return memberView(membership);
  }

  public void removeMember(@NotNull UUID orgId, @NotNull UUID userId) {
    Caller caller = adminOf(orgId);
    Membership membership =
        memberships.find(orgId, userId).orElseThrow(() -> NotFoundException.of("member", userId));
    if (membership.getRole() == OrgRole.ADMIN) {
      requireAnotherAdmin(orgId);
    }
    memberships.remove(membership);
    identityChanges.changed();
    User user = users.get(userId);
    if (orgId.equals(user.getDefaultOrgId())) {
      user.setDefaultOrgId(null);
    }
    audit.record(orgId, "member_removed", caller.userId(), caller.apiKeyId(), user.getEmail());
    membershipChanged.fire(new MembershipChanged(orgId, userId, "removed", null));
  }

  public Page<AuditView> auditTrail(@NotNull UUID orgId, @NotNull PageRequest page) {
    adminOf(orgId);
    sessions.bindTo(orgId);
    return Page.of(auditEvents.list(orgId, page.after(), page.limit()), AuditView::of);
  }

  private void requireAnotherAdmin(UUID orgId) {
    if (memberships.countAdminsForUpdate(orgId) <= 1) {
      throw new ConflictException("last_admin", "an organization must keep at least one admin");
    }
  }

  /** The caller if the organization is theirs to see; 404 otherwise. */
  private Caller visible(UUID orgId) {
    Caller caller = currentCaller.get();
    if (caller.viaApiKey() && !orgId.equals(caller.orgId())) {
      throw NotFoundException.of("organization", orgId);
    }
    if (!caller.superadmin() && memberships.find(orgId, caller.userId()).isEmpty()) {
      throw NotFoundException.of("organization", orgId);
    }
    organizations.get(orgId);
    return caller;
  }

  private Caller adminOf(UUID orgId) {
    Caller caller = visible(orgId);
    caller.requireUser();
    boolean admin =
        memberships
            .find(orgId, caller.userId())
            .map(m -> m.getRole() == OrgRole.ADMIN)
            .orElse(false);
    if (!admin && !caller.superadmin()) {
      throw new ForbiddenException(
          "admin_required", "only an admin of the organization may do this");
    }
    return caller;
  }

  private String roleOf(UUID orgId, UUID userId) {
    return memberships.find(orgId, userId).map(m -> m.getRole().wireName()).orElse(null);
  }

  private MemberView memberView(Membership m) {
    User user = users.get(m.getUserId());
    return new MemberView(
        user.getId(),
        user.getEmail(),
        user.getDisplayName(),
        m.getRole().wireName(),
        m.getCreatedAt());
  }

  private static OrgRole role(String wire) {
    return OrgRole.parse(wire)
        .orElseThrow(
            () -> new InvalidRequestException("invalid_role", "role must be member or admin"));
  }
}

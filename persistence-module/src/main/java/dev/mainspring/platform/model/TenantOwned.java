package dev.mainspring.platform.model;

import java.util.UUID;

/**
 * A row that belongs to one organization. Its table has a row-level-security policy on {@code
 * org_id}; repositories also check the organization themselves.
 */
public interface TenantOwned {

  UUID getOrgId();
}

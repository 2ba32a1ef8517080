/**
 * Identity: organizations (the tenants), users, memberships with a role per organization, API keys,
 * refresh tokens, signing keys and the audit trail. Owns those tables; api_keys and audit_events
 * are tenant tables under row-level security.
 */
package dev.mainspring.identity.model;

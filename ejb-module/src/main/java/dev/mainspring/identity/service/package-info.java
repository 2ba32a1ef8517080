/**
 * Identity use cases: organizations, memberships and roles ({@link
 * dev.mainspring.identity.service.IdentityService}), the caller of a request and how it is resolved
 * from a credential ({@link dev.mainspring.identity.service.Caller}, {@link
 * dev.mainspring.identity.service.CallerResolver}), the tenant setting of each transaction for
 * row-level security ({@link dev.mainspring.identity.service.TenantScoped}), the audit trail and
 * the master key that encrypts secrets at rest.
 *
 * <p>Sub-packages: {@code auth} (registration, login and its throttle, password hashes, the first
 * superadmin), {@code token} (Mainspring's own access and refresh tokens, signing keys, tokens of
 * an external OpenID Connect provider) and {@code apikey} (API keys and the short memory of
 * verified ones). Every token that fails a check is an {@link
 * dev.mainspring.identity.service.token.InvalidTokenException}: 401 {@code invalid_token}.
 */
package dev.mainspring.identity.service;

/**
 * Identity use cases and the credentials behind them. So far it owns the cryptographic building
 * blocks, plain classes with no database and no container: {@link
 * dev.mainspring.identity.service.PasswordHasher} (PBKDF2 password hashes), {@link
 * dev.mainspring.identity.service.SigningKeys} and {@link
 * dev.mainspring.identity.service.AccessTokens} (Mainspring's own ES256 access tokens, signed by a
 * rotatable key ring whose public half is served as a JWKS), {@link
 * dev.mainspring.identity.service.OidcTokenVerifier} (bearer tokens of an external OpenID Connect
 * provider) and {@link dev.mainspring.identity.service.ApiKeys} (API key secrets of which only a
 * hash is kept). Every token that fails a check is an {@link
 * dev.mainspring.identity.service.InvalidTokenException}: 401 {@code invalid_token}.
 */
package dev.mainspring.identity.service;

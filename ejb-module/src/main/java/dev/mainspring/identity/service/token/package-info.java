/**
 * Tokens: Mainspring's own ES256 access tokens signed by a rotatable key ring whose public half is
 * served as a JWKS ({@link dev.mainspring.identity.service.token.AccessTokens}, {@link
 * dev.mainspring.identity.service.token.SigningKeys}), rotating refresh tokens with reuse detection
 * ({@link dev.mainspring.identity.service.token.TokenService}), and bearer tokens of one external
 * OpenID Connect provider ({@link dev.mainspring.identity.service.token.OidcTokenVerifier}).
 */
package dev.mainspring.identity.service.token;

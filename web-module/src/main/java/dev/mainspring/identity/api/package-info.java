/**
 * The identity web edge: the one authentication mechanism (bearer tokens, API keys, the internal
 * service token) and the auth, users, organizations and API-key resources.
 */
package dev.mainspring.identity.api;

/**
 * API keys: secrets of which only a hash is kept ({@link
 * dev.mainspring.identity.service.apikey.ApiKeys}), their management ({@link
 * dev.mainspring.identity.service.apikey.ApiKeyService}) and the few seconds a verified key is
 * remembered ({@link dev.mainspring.identity.service.apikey.VerifiedApiKeys}).
 */
package dev.mainspring.identity.service.apikey;

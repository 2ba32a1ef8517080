/**
 * Provider instances and the credentials they use ({@link
 * dev.mainspring.inference.service.provider.ProviderService}, {@link
 * dev.mainspring.inference.service.provider.CredentialService}): creation, validation of endpoint
 * URLs, probes of a provider's health, and one upstream client per instance and configuration
 * version ({@link dev.mainspring.inference.service.provider.ProviderClients}).
 */
package dev.mainspring.inference.service.provider;

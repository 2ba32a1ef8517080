/**
 * Billing over HTTP: document E's {@code /api/billing} reads for an organization, and the
 * superadmin's {@code /v1/platform/billing} prices, plans, subscriptions and credit grants.
 */
package dev.mainspring.billing.api;

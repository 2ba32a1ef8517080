/**
 * Billing's use cases: pricing usage, posting every usage record to the ledger exactly once,
 * holding credits for calls in flight (the gateway's admission), an organization's billing status
 * and history, and the superadmin's prices, plans, subscriptions and credit grants. The poster and
 * the hold sweeper run on every instance on the managed scheduler.
 */
package dev.mainspring.billing.service;

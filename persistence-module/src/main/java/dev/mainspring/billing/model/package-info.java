/**
 * Billing's storage: the double-entry credits ledger (accounts, transfers, entries, cached
 * balances), model prices, reservations of calls in flight, plans and subscriptions. Owns the
 * tables of migration V11. Amounts are integers in micro-credits. Changes to the ledger go through
 * the database functions of V11, which keep every transfer balanced and every posting idempotent.
 */
package dev.mainspring.billing.model;

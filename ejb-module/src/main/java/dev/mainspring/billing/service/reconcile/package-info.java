/**
 * The artifacts of the Jakarta Batch job {@code billing-reconciliation} ({@link
 * dev.mainspring.billing.service.ReconciliationJob}): a reader of ranges of organizations in id
 * order, a writer that checks and repairs each chunk of ranges in a transaction of its own, and a
 * listener that ends the run in the job history.
 */
package dev.mainspring.billing.service.reconcile;

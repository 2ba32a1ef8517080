/**
 * The artifacts of the Jakarta Batch job {@code quota-reset} ({@link
 * dev.mainspring.billing.service.QuotaResetJob}): a reader of ranges of organizations' counters in
 * id order, a writer that resets each range with one statement in the chunk's transaction, and a
 * listener that ends the run in the job history.
 */
package dev.mainspring.billing.service.reset;

/**
 * The artifacts of the Jakarta Batch job {@code knowledge-source-sync} (its XML is in this module's
 * META-INF/batch-jobs): CDI beans named {@code knowledgeSync*}, so the batch runtime finds them
 * through the bean manager of the module that sees the knowledge services.
 */
package dev.mainspring.knowledge.service.sync;

/**
 * Jakarta Batch jobs of the platform context whose artifacts need nothing of the EJB module. Job
 * XML lives in META-INF/batch-jobs of this jar; the batch runtime keeps its job repository in
 * PostgreSQL (see docs/operations.md). Jobs whose artifacts call the services (the knowledge source
 * sync) live in the EJB module instead, which this library jar cannot see (docs/architecture.md,
 * "Source sync runs as Jakarta Batch jobs").
 */
package dev.mainspring.platform.batch;

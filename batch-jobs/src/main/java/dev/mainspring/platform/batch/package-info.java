/**
 * Jakarta Batch jobs of the platform context. Job XML lives in META-INF/batch-jobs of this jar; the
 * batch runtime keeps its job repository in PostgreSQL (see docs/operations.md).
 */
package dev.mainspring.platform.batch;

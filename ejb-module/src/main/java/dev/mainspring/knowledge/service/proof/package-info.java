/**
 * Document C's superadmin vector proof routes ({@code /v1/platform/vector/...}): they act on the
 * active deployment's vector_store binding through its family's adapter, on indexes of their own
 * ({@code proof_<name>}) that no knowledge base can share.
 */
package dev.mainspring.knowledge.service.proof;

/**
 * Document C's Context Management ({@code /v1/context/...}): knowledge bases with their create-time
 * chunking and vectorization ({@link dev.mainspring.knowledge.service.KnowledgeBaseService}),
 * schema profiles ({@link dev.mainspring.knowledge.service.SchemaProfileService}) and the
 * vectorization options a new knowledge base may choose ({@link
 * dev.mainspring.knowledge.service.VectorizationOptionsService}). Admins read, superadmins write
 * ({@link dev.mainspring.knowledge.service.ContextAccess}).
 */
package dev.mainspring.knowledge.service;

/**
 * Vector stores behind one interface ({@link dev.mainspring.knowledge.service.vector.VectorStore}),
 * one class per provider family: the built-in in-process index (jvector) and the catch-up that
 * keeps every instance's copy of it current with PostgreSQL.
 */
package dev.mainspring.knowledge.service.vector;

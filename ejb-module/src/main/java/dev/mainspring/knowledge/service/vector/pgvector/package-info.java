/**
 * The {@code pgvector} vector-store family: its adapter ({@link
 * dev.mainspring.knowledge.service.vector.pgvector.PgVectorStore}), the connections it makes to the
 * PostgreSQL server a provider instance names, and the SQL names of its tables. This package speaks
 * JDBC outside a repository, by exception (ArchitectureTest): the server it talks to is a
 * provider's, not Mainspring's database, and no JTA transaction or entity is involved.
 */
package dev.mainspring.knowledge.service.vector.pgvector;

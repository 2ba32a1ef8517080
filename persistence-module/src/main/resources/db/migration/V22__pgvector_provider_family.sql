-- The pgvector vector-store family (issue 16) reaches a PostgreSQL server of its own with the
-- pgvector extension, named by each provider instance (endpoint postgresql://host:port/db, the
-- login in a saved credential), instead of Mainspring's own database: adapter 'postgresql'.
-- Mainspring's PostgreSQL stays the source of truth; the server holds a searchable copy.
update provider_families
   set adapter = 'postgresql',
       description = 'A PostgreSQL server with the pgvector extension, searched with HNSW on'
                     || ' cosine distance; Mainspring keeps the chunks and copies the vectors there'
 where key = 'pgvector';

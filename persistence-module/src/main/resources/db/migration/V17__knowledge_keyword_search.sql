-- Keyword retrieval over knowledge chunks (issue 16: keyword and hybrid modes of
-- POST /v1/context/knowledge-bases/{id}/query). PostgreSQL's full-text search: each chunk's text
-- as a tsvector kept by the database itself (a stored generated column, so no writer can forget
-- it and a resync or a source sync keeps it current for free), under a GIN index.
--
-- The 'english' configuration stems and drops stop words ("eruptions" finds "erupted"); for text
-- in another language it still matches whole words, as 'simple' would, only without stemming.
alter table kb_chunks add column search_vector tsvector
    generated always as (to_tsvector('english', text)) stored;
create index kb_chunks_search_idx on kb_chunks using gin (search_vector);

-- One gateway call's part of a posting (pgbench script; run by bench/run-postings.sh, MODE
-- batched): reserve the estimate in a transaction of its own (CreditHolds.hold: billing_reserve
-- under the caller's organization), then write the call's usage record (the gateway's writer).
-- The posters (poster.sql) settle it.
\set a random(1, :accounts)
\set r random(1, 9000000000000000)
BEGIN;
SELECT set_config('app.org_id', ('00000000-0000-4000-8000-' || lpad(to_hex(:a::integer), 12, '0'))::uuid::text, true);
SELECT held FROM billing_reserve(md5(:client_id::text || '/' || :r::text)::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(:a::integer), 12, '0'))::uuid, :estimate, 'bench', 300);
END;
BEGIN;
SELECT set_config('app.org_id', ('00000000-0000-4000-8000-' || lpad(to_hex(:a::integer), 12, '0'))::uuid::text, true);
INSERT INTO usage_records (id, org_id, model, endpoint, streamed, prompt_tokens, completion_tokens, estimated, duration_ms, outcome, http_status, created_at) VALUES (md5(:client_id::text || '/' || :r::text)::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(:a::integer), 12, '0'))::uuid, 'bench-model', 'chat', false, 40, 30, false, 100, 'ok', 200, now());
END;

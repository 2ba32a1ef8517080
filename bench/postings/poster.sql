-- One UsagePoster.postBatch as BillingSchedule runs it (pgbench script; run by
-- bench/run-postings.sh, MODE batched): claim up to :batch unbilled usage records (FOR UPDATE
-- SKIP LOCKED) of this poster's part of the organizations (claim_unbilled_usage_part, V32: poster
-- :client_id of :posters) and post them with post_usage_batch (V28: the transfers, entries, balances, token
-- counters, holds released and records marked billed in a handful of set-based statements), one
-- transaction for the batch, every record at :cost; a batch that was not full waits :interval ms
-- (mainspring.billing.post-interval-ms) before the next.
BEGIN;
SELECT count(*) AS posted, post_usage_batch(array_agg(c.id), array_agg(:cost::bigint), array_agg(NULL::uuid)) AS charged FROM claim_unbilled_usage_part(:batch, :client_id, :posters) c \gset
END;
\if :posted < :batch
\sleep :interval ms
\endif

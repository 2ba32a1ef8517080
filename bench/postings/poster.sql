-- One UsagePoster.postBatch as BillingSchedule runs it (pgbench script; run by
-- bench/run-postings.sh, MODE batched): claim up to :batch unbilled usage records (FOR UPDATE
-- SKIP LOCKED), post each in organization order with post_usage (the real cost charged, the hold
-- released, the tokens counted, the record marked billed), one transaction for the batch; a batch
-- that was not full waits :interval ms (mainspring.billing.post-interval-ms) before the next.
BEGIN;
SELECT count(post_usage(c.id, c.org_id, :cost, c.model, c.prompt_tokens, c.completion_tokens, NULL, c.created_at)) AS posted FROM (SELECT * FROM claim_unbilled_usage(:batch) ORDER BY org_id, created_at) c \gset
END;
\if :posted < :batch
\sleep :interval ms
\endif

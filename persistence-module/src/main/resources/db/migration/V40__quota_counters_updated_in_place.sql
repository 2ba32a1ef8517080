-- Quota counters updated in place (issue 17's goal: 1,000,000 counters reset in at most 30 s,
-- bench/README.md "Billing: the quota-reset job"). A reset rewrites every due counter's row
-- (tokens to zero, the period moved). With an index on period_end each rewritten row also went into
-- both indexes (the primary key's and that one): no update could be a heap-only tuple (HOT). The
-- index served only quota_due()'s "is anything due?", which the schedule asks once per interval and
-- a scan answers (it stops at the first due counter; a pass over a million counters when none is
-- due is tens of milliseconds). Without it, and with room left on each page for the new versions
-- (fillfactor 70), a reset and a posting's token count rewrite the row on its page and touch no
-- index. The fillfactor applies to pages written from now on; existing ones get the room as they are
-- rewritten (VACUUM FULL or CLUSTER gives it at once, if an operator wants it).
drop index billing_quota_usage_due_idx;
alter table billing_quota_usage set (fillfactor = 70);

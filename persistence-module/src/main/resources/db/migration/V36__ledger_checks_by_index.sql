-- The statement trigger that checks and applies each statement's ledger entries (V28, V33) joins
-- the statement's entries with billing_accounts and ledger_transfers. PL/pgSQL keeps a statement's
-- plan for the session, and a plan made while those tables were nearly empty (a new installation,
-- a session that started early) scans them whole and hashes them: every grant then read every
-- transfer, and 20,000 subscription renewals in one run took 69 s instead of about 14
-- (bench/README.md, "Billing: the quota reset"). The entries are always few against those tables
-- and every lookup is by primary key, so the trigger's statements look rows up by index whatever
-- the statistics said when they were planned.
alter function ledger_entries_applied() set enable_seqscan = off;
alter function ledger_entries_applied() set enable_hashjoin = off;
alter function ledger_entries_applied() set enable_mergejoin = off;

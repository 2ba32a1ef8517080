-- Ledger entries checked per statement instead of per row (issue 17's postings per second,
-- bench/README.md "Billing: postings per second"). A usage batch inserts two or three entries
-- per posting; their two foreign keys cost two index probes and two row locks (FOR KEY SHARE) per
-- entry, the usage account's row locked by every poster's every entry. The statement trigger that
-- already checks each statement's entries (V28) now also checks what the foreign keys did: every
-- entry names an account and a transfer that exist, and the transfer is of the entry's
-- organization. Nothing can remove them meanwhile: transfers are immutable, and accounts go only
-- with their organization, whose transfers and entries go with them.
--
-- The cascade the foreign keys gave: deleting an organization deletes its transfers (their
-- foreign key), and their entries now go with them by the statement trigger below. Entries still
-- cannot be deleted by anyone else (ledger_immutable lets a delete through only one trigger level
-- down).

alter table ledger_entries drop constraint ledger_entries_account_id_fkey;
alter table ledger_entries drop constraint ledger_entries_transfer_id_fkey;

create or replace function ledger_entries_applied() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    bad record;
begin
    select e.transfer_id, e.account_id, e.org_id, a.id as account, a.org_id as owner,
           t.id as transfer, t.org_id as transfer_org
        into bad
        from new_entries e
        left join billing_accounts a on a.id = e.account_id
        left join ledger_transfers t on t.id = e.transfer_id
        where a.id is null or t.id is null or t.org_id <> e.org_id
           or (a.org_id is not null and a.org_id <> e.org_id)
        limit 1;
    if found then
        if bad.account is null then
            raise exception 'ledger entry on account %, which does not exist', bad.account_id
                using errcode = '23503';
        elsif bad.transfer is null then
            raise exception 'ledger entry of transfer %, which does not exist', bad.transfer_id
                using errcode = '23503';
        elsif bad.transfer_org <> bad.org_id then
            raise exception 'ledger entry of organization % in a transfer of organization %',
                bad.org_id, bad.transfer_org using errcode = '23514';
        end if;
        raise exception 'ledger entry of organization % on an account of organization %',
            bad.org_id, bad.owner using errcode = '23514';
    end if;
    -- each statement's entries of a transfer sum to zero, so every transfer's entries do
    select e.transfer_id, sum(e.amount) as total into bad from new_entries e
        group by e.transfer_id having sum(e.amount) <> 0 limit 1;
    if found then
        raise exception 'ledger transfer % does not balance: its entries sum to %',
            bad.transfer_id, bad.total using errcode = '23514';
    end if;
    update billing_accounts a set balance = a.balance + d.amount, version = a.version + d.n
        from (select e.account_id, sum(e.amount) as amount, count(*) as n
              from new_entries e group by e.account_id) d
        where a.id = d.account_id and a.balance is not null;
    return null;
end
$$;

-- A transfer's entries go with it (only ever as its organization is deleted).
create function ledger_transfers_removed() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    delete from ledger_entries e where e.transfer_id in (select g.id from gone_transfers g);
    return null;
end
$$;
create trigger ledger_transfers_removed after delete on ledger_transfers
    referencing old table as gone_transfers
    for each statement execute function ledger_transfers_removed();

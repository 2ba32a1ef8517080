-- Billing: a double-entry ledger of credits, prices per model, reservations, plans and
-- subscriptions.
--
-- Amounts are integers in micro-credits (1 credit = 1,000,000 micro-credits), so no rounding ever
-- happens inside the ledger. Every movement is a transfer whose entries sum to zero; entries are
-- immutable; an account's balance is the sum of its entries, cached on the account row with a
-- version. Organization accounts (credits, promotional) are row-level secured like every tenant
-- table; the system accounts (usage, revenue, grants) belong to no organization, keep no cached
-- balance (every usage posting would otherwise queue on one row) and are summed when asked.
--
-- The application role changes the ledger only through the functions below, which run as the
-- owner; FORCE binds the owner too, so the owner gets policies of its own (as in V3, V5, V6).

create table billing_accounts (
    id          uuid primary key,
    org_id      uuid references organizations (id) on delete cascade,
    kind        varchar(20) not null
                check (kind in ('credits', 'promotional', 'usage', 'revenue', 'grants')),
    balance     bigint,
    version     bigint not null default 0,
    created_at  timestamptz not null,
    check ((org_id is null) = (kind in ('usage', 'revenue', 'grants'))),
    check ((org_id is null) = (balance is null))
);
create unique index billing_accounts_org_kind_idx on billing_accounts (org_id, kind)
    where org_id is not null;
create unique index billing_accounts_system_kind_idx on billing_accounts (kind)
    where org_id is null;

insert into billing_accounts (id, org_id, kind, balance, created_at) values
    ('00000000-0000-7000-8000-0000000b0001', null, 'usage', null, now()),
    ('00000000-0000-7000-8000-0000000b0002', null, 'revenue', null, now()),
    ('00000000-0000-7000-8000-0000000b0003', null, 'grants', null, now());

create table ledger_transfers (
    id                 uuid primary key,
    org_id             uuid not null references organizations (id) on delete cascade,
    idempotency_key    varchar(200) not null unique,
    kind               varchar(20) not null
                       check (kind in ('usage', 'grant', 'plan_credits', 'purchase', 'adjustment')),
    amount             bigint not null check (amount >= 0),
    usage_record_id    uuid,
    model              varchar(200),
    prompt_tokens      bigint,
    completion_tokens  bigint,
    price_id           uuid,
    description        varchar(500),
    created_by         uuid,
    created_at         timestamptz not null
);
create index ledger_transfers_org_idx on ledger_transfers (org_id, created_at desc, id desc);

create table ledger_entries (
    id           bigint generated always as identity primary key,
    transfer_id  uuid not null references ledger_transfers (id) on delete cascade,
    account_id   uuid not null references billing_accounts (id) on delete cascade,
    org_id       uuid not null,
    amount       bigint not null check (amount <> 0)
);
create index ledger_entries_transfer_idx on ledger_entries (transfer_id);
create index ledger_entries_account_idx on ledger_entries (account_id, id);

-- An entry may only touch its own organization's accounts or a system account, and it moves the
-- cached balance of the account with it: the cache cannot miss an entry, whoever inserts it.
create function ledger_entry_applied() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    owner uuid;
begin
    select a.org_id into owner from billing_accounts a where a.id = new.account_id;
    if owner is not null and owner <> new.org_id then
        raise exception 'ledger entry of organization % on an account of organization %',
            new.org_id, owner using errcode = '23514';
    end if;
    update billing_accounts set balance = balance + new.amount, version = version + 1
        where id = new.account_id and balance is not null;
    return new;
end
$$;
create trigger ledger_entry_applied before insert on ledger_entries
    for each row execute function ledger_entry_applied();

-- The entries of a transfer sum to zero, checked at commit (all entries are in by then).
create function ledger_transfer_balanced() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    total numeric;
begin
    select coalesce(sum(e.amount), 0) into total from ledger_entries e
        where e.transfer_id = new.transfer_id;
    if total <> 0 then
        raise exception 'ledger transfer % does not balance: its entries sum to %',
            new.transfer_id, total using errcode = '23514';
    end if;
    return null;
end
$$;
create constraint trigger ledger_transfer_balanced after insert on ledger_entries
    deferrable initially deferred
    for each row execute function ledger_transfer_balanced();

-- Entries and transfers are never changed. Deleting an organization removes its ledger (the
-- foreign keys cascade, which runs this trigger one level down); nothing else may delete.
create function ledger_immutable() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
    end if;
    raise exception '% rows are immutable', tg_table_name using errcode = '42501';
end
$$;
create trigger ledger_entries_immutable before update or delete on ledger_entries
    for each row execute function ledger_immutable();
create trigger ledger_transfers_immutable before update or delete on ledger_transfers
    for each row execute function ledger_immutable();

-- Prices per model, in micro-credits per million tokens, versioned: a usage record is priced by
-- the version whose effective_from is the latest not after the record's time. Installation-wide,
-- like the models they price; no row-level security.
create table model_prices (
    id                       uuid primary key,
    model                    varchar(200) not null,
    prompt_per_million       bigint not null check (prompt_per_million >= 0),
    completion_per_million   bigint not null check (completion_per_million >= 0),
    cached_per_million       bigint not null check (cached_per_million >= 0),
    effective_from           timestamptz not null,
    created_by               uuid,
    created_at               timestamptz not null,
    unique (model, effective_from)
);

-- Credits held for calls in flight. The id is the id of the usage record the call will write, so
-- posting that record releases the hold in the same transaction. A hold past expires_at (its
-- instance died, or never wrote the record) counts no more, and the sweeper deletes it.
create table billing_reservations (
    id           uuid primary key,
    org_id       uuid not null references organizations (id) on delete cascade,
    amount       bigint not null check (amount > 0),
    instance_id  varchar(200) not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);
create index billing_reservations_org_idx on billing_reservations (org_id, expires_at);
create index billing_reservations_expiry_idx on billing_reservations (expires_at);

create table billing_plans (
    id               uuid primary key,
    slug             varchar(64) not null unique,
    name             varchar(200) not null,
    monthly_credits  bigint not null check (monthly_credits >= 0),
    price_cents      bigint not null check (price_cents >= 0),
    currency         varchar(3) not null,
    active           boolean not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint not null default 0
);

create table billing_subscriptions (
    id                    uuid primary key,
    org_id                uuid not null unique references organizations (id) on delete cascade,
    plan_id               uuid not null references billing_plans (id),
    status                varchar(20) not null check (status in ('active', 'canceled')),
    current_period_start  timestamptz not null,
    current_period_end    timestamptz not null,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    version               bigint not null default 0
);

-- Usage records are posted once: billed_at marks the posted ones, and the partial index keeps the
-- poster's search as small as its backlog.
alter table usage_records add column billed_at timestamptz;
create index usage_records_unbilled_idx on usage_records (created_at) where billed_at is null;

do $$
declare
    t text;
begin
    foreach t in array array['billing_accounts', 'ledger_transfers', 'ledger_entries',
                             'billing_reservations', 'billing_subscriptions'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
        execute format('create policy owner_billing on %I to current_user using (true)'
                       ' with check (true)', t);
    end loop;
end
$$;
create policy owner_billing on usage_records for update to current_user using (true)
    with check (true);

-- The organization's account of a kind, made on first use.
create function billing_account(p_org uuid, p_kind varchar)
    returns uuid
    language plpgsql security definer set search_path = public
as $$
declare
    found_id uuid;
begin
    select a.id into found_id from billing_accounts a where a.org_id = p_org and a.kind = p_kind;
    if found_id is null then
        insert into billing_accounts (id, org_id, kind, balance, created_at)
        values (gen_random_uuid(), p_org, p_kind, 0, now())
        on conflict do nothing;
        select a.id into found_id from billing_accounts a
            where a.org_id = p_org and a.kind = p_kind;
    end if;
    return found_id;
end
$$;

-- Locks the organization's credits account row: every change of an organization's balances or
-- holds takes this lock first, so they happen one at a time per organization, in one order.
create function billing_lock(p_org uuid)
    returns uuid
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid := billing_account(p_org, 'credits');
begin
    perform 1 from billing_accounts where id = credits for update;
    return credits;
end
$$;

-- Posts one transfer: false (and nothing written) when its idempotency key was posted before.
-- Accounts and amounts pair up; zero amounts are left out; the sum must be zero.
create function ledger_post(p_id uuid, p_org uuid, p_key varchar, p_kind varchar,
                            p_description varchar, p_created_by uuid,
                            p_accounts uuid[], p_amounts bigint[])
    returns boolean
    language plpgsql security definer set search_path = public
as $$
declare
    moved bigint;
begin
    if coalesce(array_length(p_accounts, 1), 0) <> coalesce(array_length(p_amounts, 1), 0) then
        raise exception 'accounts and amounts differ in number' using errcode = '22023';
    end if;
    if (select coalesce(sum(m), 0) from unnest(p_amounts) m) <> 0 then
        raise exception 'the transfer % does not balance', p_key using errcode = '23514';
    end if;
    select coalesce(sum(m), 0) into moved from unnest(p_amounts) m where m > 0;
    perform billing_lock(p_org);
    insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, description,
                                  created_by, created_at)
    values (p_id, p_org, p_key, p_kind, moved, p_description, p_created_by, now())
    on conflict (idempotency_key) do nothing;
    if not found then
        return false;
    end if;
    insert into ledger_entries (transfer_id, account_id, org_id, amount)
    select p_id, t.account, p_org, t.amount
    from unnest(p_accounts, p_amounts) as t(account, amount) where t.amount <> 0;
    return true;
end
$$;

-- Credits into an organization: from the grants account (an operator's top-up, promotional or
-- not), or from revenue (plan credits, purchases), into its credits or promotional account.
create function ledger_grant(p_id uuid, p_org uuid, p_key varchar, p_kind varchar,
                             p_promotional boolean, p_amount bigint, p_description varchar,
                             p_created_by uuid)
    returns boolean
    language plpgsql security definer set search_path = public
as $$
declare
    source uuid := case when p_kind = 'grant' then '00000000-0000-7000-8000-0000000b0003'::uuid
                        else '00000000-0000-7000-8000-0000000b0002'::uuid end;
    target uuid;
begin
    if p_amount <= 0 then
        raise exception 'a grant moves a positive amount' using errcode = '22023';
    end if;
    perform billing_lock(p_org);
    target := billing_account(p_org, case when p_promotional then 'promotional' else 'credits' end);
    return ledger_post(p_id, p_org, p_key, p_kind, p_description, p_created_by,
                       array[source, target], array[-p_amount, p_amount]);
end
$$;

-- Posts one usage record: its cost is drawn from the promotional account first, then from
-- credits, into the usage account; the call's hold is released and the record marked billed, in
-- the same transaction. False when the record was posted before (then only the mark is set).
create function post_usage(p_usage_id uuid, p_org uuid, p_amount bigint, p_model varchar,
                           p_prompt bigint, p_completion bigint, p_price_id uuid,
                           p_at timestamptz)
    returns boolean
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid := billing_lock(p_org);
    promo uuid := billing_account(p_org, 'promotional');
    promo_balance bigint;
    from_promo bigint;
    posted boolean := false;
begin
    if p_amount < 0 then
        raise exception 'negative usage cost' using errcode = '22023';
    end if;
    insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, usage_record_id,
                                  model, prompt_tokens, completion_tokens, price_id, created_at)
    values (p_usage_id, p_org, 'usage:' || p_usage_id, 'usage', p_amount, p_usage_id, p_model,
            p_prompt, p_completion, p_price_id, p_at)
    on conflict (idempotency_key) do nothing;
    if found then
        posted := true;
        select balance into promo_balance from billing_accounts where id = promo;
        from_promo := greatest(0, least(promo_balance, p_amount));
        insert into ledger_entries (transfer_id, account_id, org_id, amount)
        select p_usage_id, t.account, p_org, t.amount
        from (values (promo, -from_promo),
                     (credits, -(p_amount - from_promo)),
                     ('00000000-0000-7000-8000-0000000b0001'::uuid, p_amount)) as t(account, amount)
        where t.amount <> 0;
    end if;
    delete from billing_reservations where id = p_usage_id;
    update usage_records set billed_at = now() where id = p_usage_id;
    return posted;
end
$$;

-- Usage records not yet posted, oldest first, locked for this transaction; rows another poster
-- holds are skipped, so posters on every instance share the backlog without waiting.
create function claim_unbilled_usage(p_limit integer)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz)
    language sql volatile security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at
    from usage_records u
    where u.billed_at is null
    order by u.created_at
    limit p_limit
    for update skip locked
$$;

-- Holds p_amount for a call when what the organization has (credits and promotional, less the
-- open holds) covers it. Answers whether it was held and what was available before.
create function billing_reserve(p_id uuid, p_org uuid, p_amount bigint, p_instance varchar,
                                p_ttl_seconds integer)
    returns table (held boolean, available bigint)
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid := billing_lock(p_org);
    have bigint;
begin
    select coalesce(sum(a.balance), 0) into have from billing_accounts a
        where a.org_id = p_org and a.kind in ('credits', 'promotional');
    have := have - (select coalesce(sum(r.amount), 0) from billing_reservations r
                    where r.org_id = p_org and r.expires_at > now());
    if have >= p_amount then
        insert into billing_reservations (id, org_id, amount, instance_id, created_at,
                                          expires_at)
        values (p_id, p_org, p_amount, p_instance, now(),
                now() + make_interval(secs => p_ttl_seconds))
        on conflict (id) do nothing;
        return query select true, have;
    else
        return query select false, have;
    end if;
end
$$;

-- Releases the hold of a call that never started (refused before it reached the provider).
create function billing_release(p_id uuid)
    returns void
    language sql volatile security definer set search_path = public
as $$
    delete from billing_reservations where id = p_id
$$;

-- Deletes expired holds of every organization, at most p_limit; answers how many.
create function billing_release_expired(p_limit integer)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with doomed as (
        select r.id from billing_reservations r where r.expires_at <= now()
        order by r.expires_at limit p_limit for update skip locked
    ), gone as (
        delete from billing_reservations r using doomed where r.id = doomed.id returning 1
    )
    select count(*) from gone
$$;

-- An organization's balances and holds.
create function billing_balances(p_org uuid)
    returns table (credits bigint, promotional bigint, reserved bigint)
    language sql stable security definer set search_path = public
as $$
    select
        coalesce((select a.balance from billing_accounts a
                  where a.org_id = p_org and a.kind = 'credits'), 0),
        coalesce((select a.balance from billing_accounts a
                  where a.org_id = p_org and a.kind = 'promotional'), 0),
        coalesce((select sum(r.amount) from billing_reservations r
                  where r.org_id = p_org and r.expires_at > now()), 0)::bigint
$$;

-- Organization accounts whose cached balance is not the sum of their entries (at most p_limit),
-- for the operator's reconciliation report. Reads every entry: an on-demand check, not a hot path.
create function billing_drift(p_limit integer)
    returns table (account_id uuid, org_id uuid, kind varchar, cached bigint, entries bigint)
    language sql stable security definer set search_path = public
as $$
    select a.id, a.org_id, a.kind, a.balance, coalesce(sum(e.amount), 0)::bigint
    from billing_accounts a left join ledger_entries e on e.account_id = a.id
    where a.balance is not null
    group by a.id, a.org_id, a.kind, a.balance
    having a.balance <> coalesce(sum(e.amount), 0)
    order by a.id
    limit p_limit
$$;

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('revoke update, delete on ledger_entries, ledger_transfers from %I',
                       '${appRole}');
        execute format('revoke insert, update, delete on billing_accounts from %I', '${appRole}');
    end if;
end
$$;

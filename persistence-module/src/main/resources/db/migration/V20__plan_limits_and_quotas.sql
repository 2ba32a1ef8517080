-- Plans' limits (issue 17): a monthly token quota, a cap on parallel runs and a request rate per
-- minute, each null for "none" (unlimited, the installation's default cap, unlimited).
--
-- An organization's token counter for its current period (billing_quota_usage) is counted when a
-- usage record is posted, inside post_usage, so a record counts exactly once, with its transfer.
-- Admission to the quota (quota_admit) locks the counter row, and holds the tokens a call may use
-- (at most what is left) until its record is posted, the way billing_reserve holds credits: two
-- racing calls cannot both pass the last unit. The rate limit is a fixed window of a minute per
-- organization, one row each, counted by one upsert (rate_admit). Calls made with the caller's own
-- key (byok) are outside the plan's quota as they are outside its credits.

alter table billing_plans
    add column monthly_token_quota bigint check (monthly_token_quota >= 0),
    add column max_parallel_runs integer check (max_parallel_runs >= 1),
    add column requests_per_minute integer check (requests_per_minute >= 1);

create table billing_quota_usage (
    org_id        uuid primary key references organizations (id) on delete cascade,
    period_start  timestamptz not null,
    period_end    timestamptz not null,
    tokens_used   bigint not null default 0,
    reset_at      timestamptz,
    updated_at    timestamptz not null,
    check (period_end > period_start)
);
create index billing_quota_usage_due_idx on billing_quota_usage (period_end);

create table billing_quota_holds (
    id          uuid primary key,
    org_id      uuid not null references organizations (id) on delete cascade,
    tokens      bigint not null check (tokens > 0),
    expires_at  timestamptz not null
);
create index billing_quota_holds_org_idx on billing_quota_holds (org_id, expires_at);
create index billing_quota_holds_expiry_idx on billing_quota_holds (expires_at);

create table billing_rate_windows (
    org_id        uuid primary key references organizations (id) on delete cascade,
    window_start  timestamptz not null,
    requests      integer not null
);

do $$
declare
    t text;
begin
    foreach t in array array['billing_quota_usage', 'billing_quota_holds',
                             'billing_rate_windows'] loop
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

-- The end of the first monthly period after p_end that is still running at p_now: periods follow
-- each other a month at a time from where the last one ended.
create function quota_period_end(p_end timestamptz, p_now timestamptz)
    returns timestamptz
    language plpgsql stable
as $$
declare
    e timestamptz := p_end;
begin
    while e <= p_now loop
        e := e + interval '1 month';
    end loop;
    return e;
end
$$;

-- The organization's counter, made on first use for its subscription's period, or the calendar
-- month (UTC) without one; a period that has already ended is followed forward to the running one.
create function quota_counter(p_org uuid)
    returns void
    language plpgsql security definer set search_path = public
as $$
declare
    s timestamptz;
    e timestamptz;
begin
    if exists (select 1 from billing_quota_usage where org_id = p_org) then
        return;
    end if;
    select current_period_start, current_period_end into s, e
        from billing_subscriptions where org_id = p_org;
    if s is null then
        s := date_trunc('month', now() at time zone 'UTC') at time zone 'UTC';
        e := s + interval '1 month';
    elsif e <= now() then
        e := quota_period_end(e, now());
        s := e - interval '1 month';
    end if;
    insert into billing_quota_usage (org_id, period_start, period_end, tokens_used, updated_at)
    values (p_org, s, e, 0, now())
    on conflict (org_id) do nothing;
end
$$;

-- A new period for the organization (it subscribed or changed plan): the counter starts again.
create function quota_start_period(p_org uuid, p_start timestamptz, p_end timestamptz)
    returns void
    language plpgsql security definer set search_path = public
as $$
begin
    insert into billing_quota_usage (org_id, period_start, period_end, tokens_used, updated_at)
    values (p_org, p_start, p_end, 0, now())
    on conflict (org_id) do update set period_start = excluded.period_start,
        period_end = excluded.period_end, tokens_used = 0, updated_at = now();
end
$$;

-- Admits a call of the organization to its quota of p_quota tokens: when used tokens plus the
-- open holds leave at least one, holds min(p_estimate, what is left) for p_id (the usage record's
-- id) until its posting or p_ttl_seconds. The counter row is locked first, so admissions of one
-- organization happen one at a time.
create function quota_admit(p_id uuid, p_org uuid, p_quota bigint, p_estimate bigint,
                            p_ttl_seconds integer)
    returns table (admitted boolean, used bigint, held bigint, period_end timestamptz)
    language plpgsql security definer set search_path = public
as $$
declare
    u bigint;
    h bigint;
    e timestamptz;
    left_over bigint;
begin
    perform quota_counter(p_org);
    select q.tokens_used, q.period_end into u, e from billing_quota_usage q
        where q.org_id = p_org for update;
    select coalesce(sum(t.tokens), 0) into h from billing_quota_holds t
        where t.org_id = p_org and t.expires_at > now();
    left_over := p_quota - u - h;
    if left_over <= 0 then
        return query select false, u, h, e;
        return;
    end if;
    insert into billing_quota_holds (id, org_id, tokens, expires_at)
    values (p_id, p_org, greatest(1, least(p_estimate, left_over)),
            now() + make_interval(secs => p_ttl_seconds))
    on conflict (id) do nothing;
    return query select true, u, h, e;
end
$$;

-- Releases the quota hold of a call that never went out.
create function quota_release(p_id uuid)
    returns void
    language sql volatile security definer set search_path = public
as $$
    delete from billing_quota_holds where id = p_id
$$;

-- Counts one request of the organization in the window starting at p_window when fewer than
-- p_limit were counted there; answers the window's count after it (null: limited, nothing
-- counted) and the window in force. A later window starts again at 1; a request of an instance
-- whose clock is behind counts in the later window already stored.
create function rate_admit(p_org uuid, p_window timestamptz, p_limit integer)
    returns table (requests integer, window_start timestamptz)
    language plpgsql security definer set search_path = public
as $$
declare
    counted integer;
    current_window timestamptz;
begin
    insert into billing_rate_windows as w (org_id, window_start, requests)
    values (p_org, p_window, 1)
    on conflict (org_id) do update
        set requests = case when excluded.window_start > w.window_start then 1
                            else w.requests + 1 end,
            window_start = greatest(w.window_start, excluded.window_start)
        where excluded.window_start > w.window_start or w.requests < p_limit
    returning w.requests, w.window_start into counted, current_window;
    if counted is null then
        select w.window_start into current_window from billing_rate_windows w
            where w.org_id = p_org;
    end if;
    return query select counted, current_window;
end
$$;

-- post_usage of V11, and the posting now counts the record's tokens in the organization's
-- counter and releases its quota hold, in the same transaction (only when it posted the transfer,
-- so a record counts once).
create or replace function post_usage(p_usage_id uuid, p_org uuid, p_amount bigint,
                                      p_model varchar, p_prompt bigint, p_completion bigint,
                                      p_price_id uuid, p_at timestamptz)
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
        perform quota_counter(p_org);
        update billing_quota_usage
            set tokens_used = tokens_used + coalesce(p_prompt, 0) + coalesce(p_completion, 0),
                updated_at = now()
            where org_id = p_org;
    end if;
    delete from billing_reservations where id = p_usage_id;
    delete from billing_quota_holds where id = p_usage_id;
    update usage_records set billed_at = now() where id = p_usage_id;
    return posted;
end
$$;

-- The hold sweeper of V11 also deletes expired quota holds.
create or replace function billing_release_expired(p_limit integer)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with doomed as (
        select r.id from billing_reservations r where r.expires_at <= now()
        order by r.expires_at limit p_limit for update skip locked
    ), gone as (
        delete from billing_reservations r using doomed where r.id = doomed.id returning 1
    ), quota_doomed as (
        select q.id from billing_quota_holds q where q.expires_at <= now()
        order by q.expires_at limit p_limit for update skip locked
    ), quota_gone as (
        delete from billing_quota_holds q using quota_doomed where q.id = quota_doomed.id
        returning 1
    )
    select (select count(*) from gone) + (select count(*) from quota_gone)
$$;

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('revoke insert, update, delete on billing_quota_usage, billing_quota_holds,'
                       ' billing_rate_windows from %I', '${appRole}');
    end if;
end
$$;

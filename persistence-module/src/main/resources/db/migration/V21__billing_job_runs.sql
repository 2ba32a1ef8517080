-- Billing's batch jobs (issue 17): every attempt to run one is a row of billing_job_runs, the job
-- history. A job runs once per (job, period, scope): the partial unique index lets one attempt
-- claim that key (insert ... on conflict do nothing), and every other attempt, on any instance, is
-- recorded as skipped and does nothing. The scope is 'all' or one organization's id. Platform data,
-- like payment_events: a scheduled run belongs to no organization.
create table billing_job_runs (
    id                   uuid primary key,
    job_name             varchar(40) not null
                         check (job_name in ('quota-reset', 'billing-reconciliation')),
    period_key           varchar(64) not null,
    scope                varchar(36) not null,
    trigger              varchar(20) not null check (trigger in ('schedule', 'on_demand')),
    status               varchar(20) not null
                         check (status in ('started', 'completed', 'failed', 'skipped')),
    boundary             timestamptz not null,
    execution_id         bigint,
    organizations_reset  bigint not null default 0,
    chunks               bigint not null default 0,
    checkpoint_org       uuid,
    instance_id          varchar(200) not null,
    requested_by         uuid,
    message              varchar(1000),
    started_at           timestamptz not null,
    ended_at             timestamptz
);
create unique index billing_job_runs_once_idx on billing_job_runs (job_name, period_key, scope)
    where status <> 'skipped';
create index billing_job_runs_history_idx on billing_job_runs (job_name, started_at desc, id desc);

-- The first start of a monthly period after p_end (that period's own start included) that is still
-- running at p_at: periods follow each other a month at a time from where the last one ended.
create function quota_next_start(p_end timestamptz, p_at timestamptz)
    returns timestamptz
    language plpgsql stable
as $$
declare
    s timestamptz := p_end;
begin
    while s + interval '1 month' <= p_at loop
        s := s + interval '1 month';
    end loop;
    return s;
end
$$;

-- The upper end of the next range of at most p_size counters after p_after (null: from the
-- first), in organization id order; null when none is left. The bounds are plain comparisons on the
-- primary key (null becomes the nil uuid, below every id), so each range is an index range scan:
-- an "p_after is null or ..." would scan from the first id every time.
create function quota_range_end(p_after uuid, p_size integer)
    returns uuid
    language sql stable security definer set search_path = public
as $$
    select t.org_id from (
        select q.org_id from billing_quota_usage q
        where q.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
        order by q.org_id limit p_size
    ) t
    order by t.org_id desc limit 1
$$;

-- Resets, in one statement, the counters of the range (p_after, p_upto] whose period ended by
-- p_boundary: used tokens to zero, the period moved forward to the one running at p_boundary.
-- Answers how many it reset; a counter already moved forward is left alone, so running it again
-- resets nothing twice.
create function quota_reset_range(p_after uuid, p_upto uuid, p_boundary timestamptz)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with due as (
        select q.org_id, quota_next_start(q.period_end, p_boundary) as s
        from billing_quota_usage q
        where q.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
          and q.org_id <= p_upto
          and q.period_end <= p_boundary
    ), done as (
        update billing_quota_usage q
        set tokens_used = 0, period_start = due.s, period_end = due.s + interval '1 month',
            reset_at = now(), updated_at = now()
        from due where q.org_id = due.org_id
        returning 1
    )
    select count(*) from done
$$;

-- Resets one organization's counter now, its period running or not (an operator's reset): used
-- tokens to zero, a period that ended moved forward. Answers 1, or 0 without a counter.
create function quota_reset_org(p_org uuid, p_boundary timestamptz)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with done as (
        update billing_quota_usage q
        set tokens_used = 0,
            period_start = case when q.period_end <= p_boundary
                                then quota_next_start(q.period_end, p_boundary)
                                else q.period_start end,
            period_end = case when q.period_end <= p_boundary
                              then quota_next_start(q.period_end, p_boundary) + interval '1 month'
                              else q.period_end end,
            reset_at = now(), updated_at = now()
        where q.org_id = p_org
        returning 1
    )
    select count(*) from done
$$;

-- Whether any counter's period has ended by now (the schedule runs the job only then).
create function quota_due()
    returns boolean
    language sql stable security definer set search_path = public
as $$
    select exists (select 1 from billing_quota_usage where period_end <= now())
$$;

-- The counters for the operator's quota status, in organization id order after p_after, at most
-- p_limit, only p_org's when it is given: the plan's quota, used and held tokens, the period.
create function quota_status(p_after uuid, p_limit integer, p_org uuid)
    returns table (org_id uuid, org_name varchar, plan_slug varchar, monthly_token_quota bigint,
                   tokens_used bigint, tokens_held bigint, period_start timestamptz,
                   period_end timestamptz, reset_at timestamptz)
    language sql stable security definer set search_path = public
as $$
    select q.org_id, o.name, p.slug, p.monthly_token_quota, q.tokens_used,
           coalesce((select sum(h.tokens) from billing_quota_holds h
                     where h.org_id = q.org_id and h.expires_at > now()), 0)::bigint,
           q.period_start, q.period_end, q.reset_at
    from billing_quota_usage q
    join organizations o on o.id = q.org_id
    left join billing_subscriptions s on s.org_id = q.org_id
    left join billing_plans p on p.id = s.plan_id
    where (p_after is null or q.org_id > p_after) and (p_org is null or q.org_id = p_org)
    order by q.org_id
    limit p_limit
$$;

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('revoke delete on billing_job_runs from %I', '${appRole}');
    end if;
end
$$;

-- Agent runs (issue 14): a durable queue in PostgreSQL.
--
-- A run is a row; the instance that executes it holds a lease (lease_owner, lease_expires_at),
-- renewed by heartbeat. A run whose lease ran out (its instance died) is claimable again, by any
-- instance. What the run has done so far lives here too (transcript: the assistant and tool
-- messages of its finished steps; agent_run_tool_calls: each tool call and its state), so a
-- takeover goes on from the last finished step. Nothing about a run lives only in memory.
create table agent_runs (
    id                  uuid primary key,
    org_id              uuid not null references organizations (id) on delete cascade,
    thread_id           uuid not null references threads (id) on delete cascade,
    agent_id            uuid references agents (id),
    agent_version_id    uuid references agent_versions (id),
    model               varchar(200),
    status              varchar(20) not null
                        check (status in ('queued', 'running', 'awaiting_approval', 'completed',
                                          'failed', 'stopped')),
    multitask_strategy  varchar(16) not null
                        check (multitask_strategy in ('reject', 'enqueue', 'interrupt')),
    prompt              text,
    -- OpenAI-format messages the run added to the conversation so far (a JSON array).
    transcript          text not null default '[]',
    steps               integer not null default 0,
    step_limit          integer not null,
    error_code          varchar(64),
    error_message       text,
    -- Who started it: the gateway is called as this caller (user, API key, role, scopes).
    created_by          uuid references users (id) on delete set null,
    api_key_id          uuid,
    caller_role         varchar(20),
    caller_scopes       varchar(2000) not null default '',
    created_at          timestamptz not null,
    started_at          timestamptz,
    ended_at            timestamptz,
    updated_at          timestamptz not null,
    lease_owner         varchar(200),
    lease_expires_at    timestamptz,
    claims              integer not null default 0,
    stop_requested      boolean not null default false
);
create index agent_runs_thread_idx on agent_runs (thread_id, id desc);
create index agent_runs_org_active_idx on agent_runs (org_id)
    where status in ('queued', 'running', 'awaiting_approval');
create index agent_runs_claimable_idx on agent_runs (id)
    where status in ('queued', 'running');

-- Every tool call a run's model asked for, and where it stands. A call 'started' without a result
-- after a crash was perhaps executed: it is not executed again unless its tool is idempotent.
create table agent_run_tool_calls (
    id          uuid primary key,
    run_id      uuid not null references agent_runs (id) on delete cascade,
    step        integer not null,
    idx         integer not null,
    org_id      uuid not null references organizations (id) on delete cascade,
    call_id     varchar(200) not null,
    tool        varchar(200) not null,
    arguments   text not null,
    status      varchar(20) not null
                check (status in ('awaiting_approval', 'approved', 'denied', 'started', 'done',
                                  'failed')),
    result      text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    constraint agent_run_tool_calls_step_key unique (run_id, step, idx)
);

do $$
declare
    t text;
begin
    foreach t in array array['agent_runs', 'agent_run_tool_calls'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;

-- Workers claim runs of every organization before they know which: only through this function,
-- which runs as the owner (FORCE binds the owner too, hence its own policy). A claim takes runs
-- that are queued, or running with no live lease (approved, or their instance died), skipping rows
-- another instance is claiming (FOR UPDATE SKIP LOCKED) and runs of a thread that has an older
-- run still to finish, so one thread's runs go one at a time in the order they were started. The
-- advisory lock serializes claimers (a claim is a few milliseconds, once a second per instance at
-- most), so two instances cannot take two runs of one thread at the same moment.
create policy owner_claim on agent_runs to current_user using (true) with check (true);

-- The lease is named '<owner>#<claims>': each claim its own name, so an execution that lost its
-- lease writes nothing even when the same instance has claimed the run again since.
create function claim_agent_runs(p_owner varchar, p_lease_seconds integer, p_limit integer)
    returns table (id uuid, org_id uuid, claims integer)
    language plpgsql volatile security definer set search_path = public
as $$
#variable_conflict use_column
begin
    perform pg_advisory_xact_lock(hashtext('mainspring.claim_agent_runs'));
    return query
    with candidates as (
        select a.id from agent_runs a
        where a.status in ('queued', 'running')
          and (a.lease_expires_at is null or a.lease_expires_at < now())
          and not exists (
              select 1 from agent_runs b
              where b.thread_id = a.thread_id and b.id < a.id
                and b.status in ('queued', 'running', 'awaiting_approval'))
        order by a.id
        limit p_limit
        for update skip locked
    )
    update agent_runs r
       set lease_owner = p_owner || '#' || (r.claims + 1),
           lease_expires_at = now() + make_interval(secs => p_lease_seconds),
           status = 'running',
           started_at = coalesce(r.started_at, now()),
           claims = r.claims + 1,
           updated_at = now()
      from candidates c
     where r.id = c.id
    returning r.id, r.org_id, r.claims;
end
$$;

-- Model calls of a run are metered with the run's id.
alter table usage_records add column run_id uuid;
create index usage_records_run_idx on usage_records (run_id) where run_id is not null;

-- Messages a run wrote name it (V6 could not: this table did not exist yet).
alter table messages add constraint messages_run_fk
    foreign key (run_id) references agent_runs (id) on delete set null;

-- The heartbeat of one instance, for runs of every organization (hence the owner's function): it
-- answers which of the runs it executes (p_ids) it still holds and whether a stop was asked for
-- each, and with p_renew extends their leases. Only the runs it names are renewed: a run the
-- instance claimed and then could not execute is left to run out and be claimed again. A run the
-- instance executes that is missing from the answer is no longer its own.
create function heartbeat_agent_runs(
    p_owner varchar, p_lease_seconds integer, p_renew boolean, p_ids uuid[])
    returns table (id uuid, stop_requested boolean)
    language plpgsql volatile security definer set search_path = public
as $$
#variable_conflict use_column
begin
    if p_renew then
        return query
        update agent_runs r
           set lease_expires_at = now() + make_interval(secs => p_lease_seconds)
         where r.id = any(p_ids)
           and left(r.lease_owner, length(p_owner) + 1) = p_owner || '#'
           and r.status = 'running'
        returning r.id, r.stop_requested;
    else
        return query
        select r.id, r.stop_requested from agent_runs r
         where r.id = any(p_ids)
           and left(r.lease_owner, length(p_owner) + 1) = p_owner || '#'
           and r.status = 'running';
    end if;
end
$$;

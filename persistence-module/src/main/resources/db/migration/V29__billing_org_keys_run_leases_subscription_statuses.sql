-- An organization's own provider key (issue 17, bring your own key): one per organization, stored
-- by an admin, used for the calls of every member who has no key of their own for the provider
-- serving the call. Encrypted and hinted like a user's key (V16); a separate table rather than a
-- null user in byok_keys, whose primary key a user's key keeps. Tenant-owned, under row-level
-- security like every tenant table.
create table byok_org_keys (
    org_id          uuid primary key references organizations (id) on delete cascade,
    base_url        varchar(2000) not null,
    secret          bytea not null,
    master_key_id   varchar(64) not null,
    key_hint        varchar(8) not null,
    updated_by      uuid references users (id) on delete set null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    last_tested_at  timestamptz,
    last_test_ok    boolean,
    last_test_code  varchar(64),
    version         bigint not null default 0
);

alter table byok_org_keys enable row level security;
alter table byok_org_keys force row level security;
create policy tenant_isolation on byok_org_keys
    using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
    with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

-- Quota-reset takeover: a claimed run notes when its instance last showed it alive (at the claim,
-- when its execution starts and at every committed chunk). A started run whose heartbeat is older
-- than the lease (mainspring.billing.quota-reset-lease-seconds) belonged to an instance that died
-- or lost its execution; another instance's schedule takes it over, in one conditional update (so
-- exactly one instance does), and runs it again from its checkpoint. takeovers counts them.
alter table billing_job_runs
    add column heartbeat_at timestamptz,
    add column takeovers integer not null default 0;
create index billing_job_runs_started_idx on billing_job_runs (job_name, heartbeat_at)
    where status = 'started';

-- Stripe's subscription statuses (customer.subscription.updated): a past_due or unpaid subscription
-- keeps its plan, and shows its status. status_event_at is the provider's creation time of the
-- newest event applied to the subscription: an event created before it (delivered late, or
-- redelivered) changes nothing, so the subscription only moves forward.
alter table billing_subscriptions drop constraint billing_subscriptions_status_check;
alter table billing_subscriptions
    add constraint billing_subscriptions_status_check
        check (status in ('active', 'trialing', 'past_due', 'unpaid', 'canceled')),
    add column status_event_at timestamptz;

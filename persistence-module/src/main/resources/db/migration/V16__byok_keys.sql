-- Bring your own key (document E's /api/billing/openrouter-key group): a user's own key for an
-- OpenAI-compatible provider (OpenRouter by default), one per user within an organization. The key
-- is AES-GCM-encrypted under the master key named by master_key_id, as provider credentials are
-- (V4), and never returned; key_hint keeps its last four characters for the user to recognize it.
-- Tenant-owned, under row-level security like every tenant table (V3, V11).
create table byok_keys (
    org_id          uuid not null references organizations (id) on delete cascade,
    user_id         uuid not null references users (id) on delete cascade,
    base_url        varchar(2000) not null,
    secret          bytea not null,
    master_key_id   varchar(64) not null,
    key_hint        varchar(8) not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    last_tested_at  timestamptz,
    last_test_ok    boolean,
    last_test_code  varchar(64),
    version         bigint not null default 0,
    primary key (org_id, user_id)
);

alter table byok_keys enable row level security;
alter table byok_keys force row level security;
create policy tenant_isolation on byok_keys
    using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
    with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

-- A call made with the caller's own key is metered like any other, and marked byok: the poster
-- settles it without charging (no transfer, no entry), and releases any hold it had.
alter table usage_records add column byok boolean not null default false;

drop function claim_unbilled_usage(integer);
create function claim_unbilled_usage(p_limit integer)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz, byok boolean)
    language sql volatile security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at, u.byok
    from usage_records u
    where u.billed_at is null
    order by u.created_at
    limit p_limit
    for update skip locked
$$;

-- Settles a claimed byok usage record: marked billed, nothing posted, its hold (if any) released.
create function settle_uncharged_usage(p_usage_id uuid)
    returns void
    language plpgsql security definer set search_path = public
as $$
begin
    delete from billing_reservations where id = p_usage_id;
    update usage_records set billed_at = now() where id = p_usage_id and byok;
end
$$;

-- Cached prompt tokens are metered and priced (issue 17: prices per model for prompt, completion
-- and cached tokens). A provider that serves part of a prompt from its cache says how much in
-- usage.prompt_tokens_details.cached_tokens; OpenAI counts those tokens inside prompt_tokens too, so
-- a record's cached_tokens are a part of its prompt_tokens, never more, and a call costs
-- (prompt - cached) at the prompt price plus cached at the cached price.
--
-- A price that names no cached price charges cached tokens as prompt tokens (no discount), which
-- is what every price written before this migration did: cached_per_million was stored (0 when
-- omitted) but never applied. Those zeros become "not named", so nothing already priced changes
-- what it charges, and a superadmin who omits the cached price does not make cached tokens free.
alter table usage_records
    add column cached_tokens bigint not null default 0 check (cached_tokens >= 0);

alter table model_prices alter column cached_per_million drop not null;
update model_prices set cached_per_million = null where cached_per_million = 0;

-- As V32's, with the cached tokens.
drop function claim_unbilled_usage_part(integer, integer, integer);
create function claim_unbilled_usage_part(p_limit integer, p_part integer, p_parts integer)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz, byok boolean,
                   cached_tokens bigint)
    language sql volatile security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at, u.byok,
           u.cached_tokens
    from usage_records u
    where u.billed_at is null
      and (p_parts <= 1 or mod(hashtext(u.org_id::text)::bigint + 2147483648, p_parts) = p_part)
    order by u.created_at
    limit p_limit
    for update skip locked
$$;

-- As V26's, with the cached tokens.
drop function reconcile_missing_usage(uuid, uuid);
create function reconcile_missing_usage(p_after uuid, p_upto uuid)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz, cached_tokens bigint)
    language sql stable security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at,
           u.cached_tokens
    from usage_records u
    where u.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and u.org_id <= p_upto
      and u.billed_at is not null and not u.byok
      and not exists (select 1 from ledger_transfers t
                      where t.idempotency_key = 'usage:' || u.id)
    order by u.org_id, u.created_at
$$;

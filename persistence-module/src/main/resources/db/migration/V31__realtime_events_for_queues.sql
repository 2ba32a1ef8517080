-- The long-poll reader's batched read: for many waiting polls at once, each queue's events after
-- its own cursor, at most p_limit per queue, in (tx, id) order up to the snapshot's xmin, exactly as
-- a poll reads them (V24). One statement for every waiting poll whose organization has events
-- (V30), instead of one transaction per poll: with a thousand pollers on a quiet machine, a pass of
-- per-poll reads made the median event wait four seconds (streams benchmark, issue 15).
--
-- It runs as the schema owner because it spans organizations. Each row is bound to a queue that
-- exists in the organization given with it, and returns only that organization's events, so it
-- answers exactly what a poll of that queue under row-level security would. A queue that no longer
-- exists gives no rows (the reader then polls it alone, which answers 404).
create function realtime_events_for_queues(
        p_queues uuid[], p_orgs uuid[], p_txs text[], p_ids bigint[], p_limit int)
    returns table (queue_id uuid, id bigint, org_id uuid, stream text, sequence bigint, type text,
                   data text, created_at timestamptz, tx text)
    language sql stable security definer set search_path = public
as $$
    select q.queue_id, e.id, e.org_id, e.stream, e.sequence, e.type, e.data::text, e.created_at,
           e.tx::text
    from unnest(p_queues, p_orgs, p_txs, p_ids) as q(queue_id, org, tx, id)
    join realtime_queues r on r.id = q.queue_id and r.org_id = q.org
    cross join lateral (
        select ev.id, ev.org_id, ev.stream, ev.sequence, ev.type, ev.data, ev.created_at, ev.tx
        from event ev
        where ev.org_id = q.org
          and (ev.tx, ev.id) > (q.tx::xid8, q.id)
          and ev.tx < pg_snapshot_xmin(pg_current_snapshot())
        order by ev.tx, ev.id
        limit p_limit
    ) e
    order by q.queue_id, e.tx, e.id
$$;

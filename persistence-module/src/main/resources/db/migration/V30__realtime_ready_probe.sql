-- Long polls waiting on an instance: which of their organizations have events a poll would see now.
-- The long-poll reader used to poll every waiting queue again at each wake-up, one transaction per
-- queue, most of them finding nothing; with thousands of waiting polls a pass took seconds. It now
-- asks this once per pass, for every organization with a waiting poll (from the oldest cursor of its
-- polls), and reads again only the queues of organizations that answer. It runs as the schema owner
-- because it spans organizations; it says only whether an organization has such events, never what
-- they are, and the application reads them under row-level security as before.
create function realtime_orgs_with_events(p_orgs uuid[], p_txs text[], p_ids bigint[])
    returns setof uuid
    language sql stable security definer set search_path = public
as $$
    select f.org
    from unnest(p_orgs, p_txs, p_ids) as f(org, tx, id)
    where exists (
        select 1 from event e
        where e.org_id = f.org
          and (e.tx, e.id) > (f.tx::xid8, f.id)
          and e.tx < pg_snapshot_xmin(pg_current_snapshot())
    )
$$;

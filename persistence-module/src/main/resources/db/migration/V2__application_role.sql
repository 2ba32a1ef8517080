-- The application's queries run as a role that owns no table (so that row-level security binds
-- it); it gets data access, now and for every table the owner creates later. The role name comes
-- from the appRole placeholder; empty, or the owner itself, means one role does both.
do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('grant usage on schema %I to %I', current_schema(), '${appRole}');
        execute format('grant select, insert, update, delete on all tables in schema %I to %I',
                       current_schema(), '${appRole}');
        execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
                       current_schema(), '${appRole}');
        execute format('alter default privileges in schema %I grant usage, select on sequences to %I',
                       current_schema(), '${appRole}');
    end if;
end
$$;

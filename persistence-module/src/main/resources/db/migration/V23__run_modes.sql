-- A run's mode: 'run' (the agent works, tools and all) or 'plan' (document A's plan command: the
-- agent answers with the plan it proposes and is offered no tools, so nothing is done yet).
alter table agent_runs
    add column mode varchar(8) not null default 'run' check (mode in ('run', 'plan'));

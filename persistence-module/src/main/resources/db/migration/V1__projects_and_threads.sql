-- Projects and threads of document E. Ids are UUIDv7 made by the application, so ordering by
-- id is ordering by creation time, which is what cursor pagination walks.
create table projects (
    id          uuid primary key,
    name        varchar(200) not null,
    description text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint not null default 0
);

create table threads (
    id          uuid primary key,
    project_id  uuid references projects (id) on delete cascade,
    title       varchar(200),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint not null default 0
);

create index threads_project_id_idx on threads (project_id, id desc);

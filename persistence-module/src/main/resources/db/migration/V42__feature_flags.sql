-- Feature flags (document E: GET /api/feature-flags and /api/feature-flags/{flag_name}, "only
-- available when FEATURE_FLAGS_ENABLED=true"). Installation-wide switches a product's frontends
-- read to show or hide what is not ready for everyone; superadmins set them. No tenant data, so no
-- row-level security (like model_prices); the application role reads and writes them through the
-- default privileges of V2.
create table feature_flags (
    name         varchar(100) primary key check (name ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'),
    enabled      boolean not null,
    description  varchar(500),
    updated_by   uuid,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

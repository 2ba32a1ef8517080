# Sourced by the ledger benchmarks (run-postings.sh, run-quota-reset.sh, run-reconcile.sh), from
# the repository's root: their scratch database and a clean ledger between runs.

# Makes the database $1 and applies the Flyway migrations to it, placeholders emptied.
ledger_db_create() {
  psql -q -X -d postgres -c "create database $1" >/dev/null
  local f
  for f in $(ls persistence-module/src/main/resources/db/migration/V*.sql | sort -V); do
    sed 's/\${appRole}//g' "$f" | psql -q -X -v ON_ERROR_STOP=1 -d "$1" >/dev/null
  done
}

# Empties the database $1's organizations, their ledger and the tables named after it, and puts
# back the system accounts: the truncation takes them along (V11 makes them), and the entries too
# (V33: they have no foreign key to cascade by).
ledger_db_empty() {
  local db=$1
  shift
  local tables=organizations,ledger_entries
  local t
  for t in "$@"; do
    tables="$tables,$t"
  done
  psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
truncate $tables cascade;
insert into billing_accounts (id, org_id, kind, balance, created_at) values
    ('00000000-0000-7000-8000-0000000b0001', null, 'usage', null, now()),
    ('00000000-0000-7000-8000-0000000b0002', null, 'revenue', null, now()),
    ('00000000-0000-7000-8000-0000000b0003', null, 'grants', null, now());
SQL
}

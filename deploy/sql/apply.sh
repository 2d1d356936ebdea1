#!/usr/bin/env bash
# Applies EngagementGrains' PostgreSQL schema (our tables and the Orleans clustering tables and queries).
# Idempotent: run it on a new database and after every upgrade, before starting silos.
#   deploy/sql/apply.sh "postgresql://eg:secret@db.example:5432/engagement"
#   PGHOST=… PGPORT=… PGUSER=… PGDATABASE=… deploy/sql/apply.sh
# Arguments go to psql as they are (a connection URI, or -h/-p/-U/-d).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$psql" ]; then
  echo "psql is missing (apt-get install postgresql-client)." >&2
  exit 1
fi

for script in engagement.sql orleans-clustering.sql orleans-persistence.sql; do
  [ -f "$here/$script" ] || continue
  "$psql" "$@" -X -q -v ON_ERROR_STOP=1 -f "$here/$script"
done
echo "EngagementGrains schema applied."

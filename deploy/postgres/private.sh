#!/usr/bin/env bash
# A private PostgreSQL for tests and benchmarks: the installed server binaries, a temporary data directory,
# a free loopback port, run as a non-root user (initdb refuses root). Nothing is left behind by "stop".
#   eval "$(deploy/postgres/private.sh start)"   # exports PGHOST, PGPORT, PGUSER, PGDATABASE, EG_PG_DIR
#   deploy/postgres/private.sh stop "$EG_PG_DIR"
# The tests run it with fsync=off (nothing of a test must survive a power cut); PG_FSYNC=on gives the server's
# default durability (fsync and synchronous_commit on), as a benchmark of production settings needs.
# PG_SETTINGS adds server settings ("-c name=value ...", e.g. -c shared_preload_libraries=pg_stat_statements to see
# which statements a benchmark spends the server's time on).
# The partition tests run the server inside a network namespace they made: PG_NETNS names it, PG_LISTEN
# gives the address there (127.0.0.1 by default); the Unix socket in the printed directory reaches it from outside.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  echo "PostgreSQL server binaries are missing (apt-get install postgresql)." >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server runs in the namespace; "ip netns exec" runs a program, so the owner switch goes after it.
in_namespace_as_owner() {
  if [ -z "${PG_NETNS:-}" ]; then as_owner "$@"
  elif [ "$(id -u)" -eq 0 ]; then ip netns exec "$PG_NETNS" runuser -u postgres -- "$@"
  else ip netns exec "$PG_NETNS" "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bin/initdb" -D "$dir/data" -U eg --auth=trust --no-sync >/dev/null
    if [ -n "${PG_LISTEN:-}" ]; then
      # Hosts on the namespace's own subnet (the test network) connect as they would on loopback.
      echo "host all eg samenet trust" >>"$dir/data/pg_hba.conf"
    fi
    in_namespace_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=${PG_LISTEN:-127.0.0.1} -c port=$port -c unix_socket_directories=$dir -c fsync=${PG_FSYNC:-off} -c shared_buffers=256MB -c work_mem=64MB ${PG_SETTINGS:-}" \
      start >/dev/null
    echo "export PGHOST=${PG_LISTEN:-127.0.0.1} PGPORT=$port PGUSER=eg PGDATABASE=postgres EG_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?the directory printed by start}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac

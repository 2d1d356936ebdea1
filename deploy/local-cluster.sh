#!/usr/bin/env bash
# A whole cluster on this machine, for trying it: a private PostgreSQL (schema applied), N silos and M HTTP
# gateways on loopback, all from the Release build.
#   deploy/local-cluster.sh start [silos=3] [gateways=1]   # prints the gateway URLs, the admin key and the
#                                                          # command that starts samples/Storefront against it
#   deploy/local-cluster.sh roll                           # a rolling upgrade: each silo stopped (SIGTERM) and
#                                                          # started again in turn, ready before the next
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh stop
# State (pids, logs, the database directory) lives in artifacts/local-cluster/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/artifacts/local-cluster"
dll="$root/src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll"
admin_key=${ENGAGEMENTGRAINS_ADMIN_KEY:-local-cluster-admin-key}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_ready() {
  local url=$1 log=$2
  for _ in $(seq 1 120); do
    curl -sf -m 2 "$url/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Not ready: $url (see $log)" >&2
  return 1
}

start_process() { # name, args...
  local name=$1; shift
  ENGAGEMENTGRAINS_ADMIN_KEY="$admin_key" nohup dotnet "$dll" "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

case "${1:-}" in
  start)
    silos=${2:-3}
    gateways=${3:-1}
    if [ -f "$state/postgres.env" ]; then
      echo "A local cluster is running; stop it first: $0 stop" >&2
      exit 1
    fi
    mkdir -p "$state"
    [ "${EG_NO_BUILD:-}" = 1 ] || dotnet build "$root/src/EngagementGrains.Host" -c Release -nologo -v quiet
    "$root/deploy/postgres/private.sh" start >"$state/postgres.env"
    # shellcheck disable=SC1091
    source "$state/postgres.env"
    "$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)" -h 127.0.0.1 -p "$PGPORT" -U eg -d postgres -q -c "CREATE DATABASE engagement"
    "$root/deploy/sql/apply.sh" -h 127.0.0.1 -p "$PGPORT" -U eg -d engagement >/dev/null
    connection="Host=127.0.0.1;Port=$PGPORT;Username=eg;Database=engagement"
    for i in $(seq 1 "$silos"); do
      http=$(free_port)
      # A silo keeps its ports across restarts (a roll), as a machine keeps its address.
      printf '%s\n' --role silo --storage postgres --postgres "$connection" \
        --silo-port "$(free_port)" --gateway-port "$(free_port)" --urls "http://127.0.0.1:$http" >"$state/silo$i.args"
      mapfile -t args <"$state/silo$i.args"
      start_process "silo$i" "${args[@]}"
      echo "http://127.0.0.1:$http" >"$state/silo$i.url"
    done
    for i in $(seq 1 "$silos"); do wait_ready "$(cat "$state/silo$i.url")" "$state/silo$i.log"; done
    for i in $(seq 1 "$gateways"); do
      port=$([ "$i" -eq 1 ] && echo 5080 || free_port)
      start_process "gateway$i" --role gateway --storage postgres --postgres "$connection" --urls "http://127.0.0.1:$port"
      echo "http://127.0.0.1:$port" >"$state/gateway$i.url"
      wait_ready "http://127.0.0.1:$port" "$state/gateway$i.log"
    done
    echo "Cluster up: $silos silos, $gateways gateway(s); PostgreSQL on 127.0.0.1:$PGPORT (database engagement)."
    for f in "$state"/gateway*.url; do echo "  API: $(cat "$f")"; done
    echo "  admin key: $admin_key"
    echo "  metrics: <any process's URL>/metrics (Prometheus text)"
    printf '%s\n' "$connection" >"$state/connection"
    echo "  sample frontend: dotnet run --project samples/Storefront -- --urls http://127.0.0.1:5090 --postgres '$connection'"
    ;;
  roll)
    for args_file in "$state"/silo*.args; do
      [ -e "$args_file" ] || { echo "No local cluster." >&2; exit 1; }
      name=$(basename "$args_file" .args)
      pid=$(cat "$state/$name.pid")
      echo "Restarting $name ..."
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "$name did not stop within 60 s; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
      fi
      mapfile -t args <"$args_file"
      start_process "$name" "${args[@]}"
      wait_ready "$(cat "$state/$name.url")" "$state/$name.log"
    done
    echo "Every silo restarted."
    ;;
  status)
    for pid in "$state"/*.pid; do
      [ -e "$pid" ] || { echo "No local cluster."; exit 0; }
      name=$(basename "$pid" .pid)
      if kill -0 "$(cat "$pid")" 2>/dev/null; then echo "$name: running ($(cat "$state/$name.url" 2>/dev/null))"; else echo "$name: stopped"; fi
    done
    ;;
  stop)
    for pid in "$state"/*.pid; do
      [ -e "$pid" ] || continue
      kill "$(cat "$pid")" 2>/dev/null || true
    done
    for pid in "$state"/*.pid; do
      [ -e "$pid" ] || continue
      for _ in $(seq 1 60); do kill -0 "$(cat "$pid")" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$(cat "$pid")" 2>/dev/null || true
      rm -f "$pid"
    done
    if [ -f "$state/postgres.env" ]; then
      # shellcheck disable=SC1091
      source "$state/postgres.env"
      "$root/deploy/postgres/private.sh" stop "$EG_PG_DIR"
      rm -f "$state/postgres.env"
    fi
    rm -f "$state"/*.args "$state"/*.url "$state/connection"
    echo "Local cluster stopped."
    ;;
  *)
    echo "usage: $0 start [silos] [gateways] | roll | status | stop" >&2
    exit 2
    ;;
esac

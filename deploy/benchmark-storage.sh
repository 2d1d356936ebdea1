#!/usr/bin/env bash
# Ingest rate by store and topology, in one run on this machine, same workload and load tool for each:
#   1. embedded SQLite, one process (--role all);
#   2. PostgreSQL, one process (--role all --storage postgres): one silo;
#   3. PostgreSQL, 2 silos and 1 HTTP gateway (separate processes);
#   4. PostgreSQL, one process, individuals partitioned over two servers (EngagementGrains__Postgres__LogPartitions);
#   5. PostgreSQL, one process: one heavy individual's batch latency as its events grow (HEAVY_EVENTS, default
#      200000; 0 skips it), as deploy/benchmark.sh measures it on the embedded store;
#   6. the whole engine (deploy/bench/measures.json and segments.json: 10 measures, 20 segments) on embedded SQLite
#      and on PostgreSQL with one silo: membership and feed writes, which the rows above never make.
# Each gets a fresh store, a warm-up run and a measured run, with no definitions (the storage path alone) unless
# the row says otherwise. STORAGE_ONLY=engine runs section 6 alone.
# PostgreSQL runs with fsync=off unless PG_FSYNC=on (the server's default durability, which SQLite's
# synchronous=FULL matches).
# Usage: [PG_FSYNC=on] deploy/benchmark-storage.sh [events=100000] [individuals=20000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-100000}
individuals=${2:-20000}
warmup=$((events / 5))
key="bench-$RANDOM$RANDOM"
dll=src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll
load_dll=src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll
work=$(mktemp -d)
pids=()
pg_dir=""
pg2_dir=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
cleanup() { stop_all; for d in "$pg_dir" "$pg2_dir"; do [ -z "$d" ] || deploy/postgres/private.sh stop "$d"; done; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${BENCH_NO_BUILD:-}" ] || { dotnet build src/EngagementGrains.Host -c Release -nologo -v quiet >/dev/null; dotnet build src/EngagementGrains.Load -c Release -nologo -v quiet >/dev/null; }
eval "$(deploy/postgres/private.sh start)"
pg_dir=$EG_PG_DIR
pg1_port=$PGPORT
second=$(deploy/postgres/private.sh start)
pg2_dir=$(sed -n 's/.*EG_PG_DIR=\([^ ]*\).*/\1/p' <<<"$second")
pg2_port=$(sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' <<<"$second")
psql_bin=$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)

host() { # name, http port, args...
  local name=$1 port=$2; shift 2
  ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 dotnet "$dll" --urls "http://127.0.0.1:$port" "$@" >>"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "$name did not become ready" >&2; tail -20 "$work/$name.log" >&2; exit 1
}

database() { # name [port] -> connection string, schema applied
  local port=${2:-$pg1_port}
  "$psql_bin" -h 127.0.0.1 -p "$port" -U eg -d postgres -q -c "CREATE DATABASE $1"
  deploy/sql/apply.sh -h 127.0.0.1 -p "$port" -U eg -d "$1" >/dev/null
  echo "Host=127.0.0.1;Port=$port;Username=eg;Database=$1"
}

# CPU seconds used so far by processes: the Hosts started here, or the private server (its postmaster and backends).
cpu_seconds() { local tick; tick=$(getconf CLK_TCK); for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done | awk -v tick="$tick" '{s += $14 + $15} END {printf "%.2f", s / tick}'; }
server_pids() { local d pm; for d in "$pg_dir" "$pg2_dir"; do pm=$(head -1 "$d/data/postmaster.pid"); echo -n "$pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ') "; done; }

measure() { # label, url
  dotnet "$load_dll" run --url "$2" --key "$key" --individuals "$individuals" --events "$warmup" --batch 100 --concurrency 16 --quiet --run-id "w$RANDOM" --json-out "$work/warmup.json" >/dev/null
  # The CPU each side spends per event is what sizing needs (docs/operations.md#sizing): hosts and server apart.
  local hosts_before server_before="" server
  hosts_before=$(cpu_seconds "${pids[@]}")
  [ "$1" = "${1#PostgreSQL}" ] || { server=$(server_pids); server_before=$(cpu_seconds $server); }
  dotnet "$load_dll" run --url "$2" --key "$key" --individuals "$individuals" --events "$events" --batch 100 --concurrency 16 --quiet --run-id "m$RANDOM" --json-out "$work/run.json" >/dev/null
  local hosts_cpu server_cpu=""
  hosts_cpu=$(python3 -c "print($(cpu_seconds "${pids[@]}") - $hosts_before)")
  [ -z "$server_before" ] || server_cpu=$(python3 -c "print($(cpu_seconds $(server_pids)) - $server_before)")
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); n=r['eventsAcknowledged'] if 'eventsAcknowledged' in r else int(sys.argv[3]); hosts=float(sys.argv[4]); server=sys.argv[5]
print(f\"{sys.argv[2]:<40} {r['eventsPerSecond']:>8.0f} events/s   ack p50 {r['latencyP50Ms']:>6.1f} ms   p99 {r['latencyP99Ms']:>7.1f} ms   failed {r['failedEvents']}   CPU per event: hosts {hosts * 1e6 / n:.0f} us\" + (f\", PostgreSQL {float(server) * 1e6 / n:.0f} us\" if server else ''))" "$work/run.json" "$1" "$events" "$hosts_cpu" "$server_cpu"
}

define() { for kind in measures segments; do python3 deploy/bench/define.py "$1" "$key" "deploy/bench/$kind.json" "$kind"; done; }

# Section 6: the whole engine defined on each store, so membership and feed rows are written.
engine_rows() {
  stop_all
  port=$(free_port)
  host sqlite-engine "$port" --data-dir "$work/sqlite-engine" --silo-port "$(free_port)" --gateway-port "$(free_port)"
  define "http://127.0.0.1:$port"
  measure "embedded SQLite, 1 process, whole engine" "http://127.0.0.1:$port"
  stop_all
  port=$(free_port)
  host pg-engine "$port" --storage postgres --postgres "$(database bench_engine)" --cluster-id bench-engine --silo-port "$(free_port)" --gateway-port "$(free_port)"
  define "http://127.0.0.1:$port"
  measure "PostgreSQL, 1 silo, whole engine" "http://127.0.0.1:$port"
  local members changes
  members=$("$psql_bin" -h 127.0.0.1 -p "$pg1_port" -U eg -d bench_engine -At -c "SELECT count(*) FROM eg_segment_members")
  changes=$("$psql_bin" -h 127.0.0.1 -p "$pg1_port" -U eg -d bench_engine -At -c "SELECT count(*) FROM eg_segment_changes")
  echo "  PostgreSQL memberships: $members, feed changes: $changes"
}

echo "machine: $(nproc) cores; $events events (after $warmup warm-up) over $individuals individuals, batches of 100, 16 in flight, no definitions unless a row says so"
echo "SQLite synchronous=FULL; PostgreSQL fsync=${PG_FSYNC:-off}, synchronous_commit=on"

if [ "${STORAGE_ONLY:-}" = engine ]; then
  engine_rows
  exit 0
elif [ -n "${STORAGE_ONLY:-}" ]; then
  echo "STORAGE_ONLY=$STORAGE_ONLY: only 'engine' is known" >&2; exit 2
fi

port=$(free_port)
host sqlite "$port" --data-dir "$work/sqlite" --silo-port "$(free_port)" --gateway-port "$(free_port)"
measure "embedded SQLite, 1 process" "http://127.0.0.1:$port"
stop_all

port=$(free_port)
host pg1 "$port" --storage postgres --postgres "$(database bench_one)" --cluster-id bench-one --silo-port "$(free_port)" --gateway-port "$(free_port)"
measure "PostgreSQL, 1 silo (one process)" "http://127.0.0.1:$port"
stop_all

connection=$(database bench_two)
for i in 1 2; do
  host "silo$i" "$(free_port)" --role silo --storage postgres --postgres "$connection" --cluster-id bench-two --silo-port "$(free_port)" --gateway-port "$(free_port)"
done
port=$(free_port)
host gateway "$port" --role gateway --storage postgres --postgres "$connection" --cluster-id bench-two
measure "PostgreSQL, 2 silos + 1 gateway" "http://127.0.0.1:$port"
stop_all

port=$(free_port)
EngagementGrains__Postgres__LogPartitions__0="$(database bench_part_b "$pg2_port")" \
  host partitioned "$port" --storage postgres --postgres "$(database bench_part_a)" --cluster-id bench-part --silo-port "$(free_port)" --gateway-port "$(free_port)"
measure "PostgreSQL, 1 silo, 2 servers (partitioned)" "http://127.0.0.1:$port"
rows() { "$psql_bin" -h 127.0.0.1 -p "$1" -U eg -d "$2" -At -c "SELECT count(*) FROM eg_events"; }
echo "  events stored per server: $(rows "$pg1_port" bench_part_a) and $(rows "$pg2_port" bench_part_b)"

if [ "${HEAVY_EVENTS:-200000}" -gt 0 ]; then
  stop_all
  port=$(free_port)
  host heavy "$port" --storage postgres --postgres "$(database bench_heavy)" --cluster-id bench-heavy --silo-port "$(free_port)" --gateway-port "$(free_port)"
  echo -n "PostgreSQL, 1 silo: "
  python3 deploy/bench/heavy.py "http://127.0.0.1:$port" "$key" "${HEAVY_EVENTS:-200000}"
fi

engine_rows

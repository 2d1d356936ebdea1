#!/usr/bin/env bash
# Measures what one key may take with the default per-key limits, as a share of what the Host can do:
#   1. capacity: one key flat out with the limits lifted, the whole engine defined (the 10 measures and 20
#      segments of deploy/bench), events/s;
#   2. the same key flat out with the default limits, and beside it a second key sending at a steady
#      200 events/s: the abusive key's events/s over the capacity (the figure), and the second key's ack
#      latency and failures (it must still be served).
# Both on fresh data, in one run, so the ratio holds on a machine that varies from day to day.
# Usage: deploy/benchmark-limits.sh [events] [individuals]   (defaults 100000 and 20000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-100000}
individuals=${2:-20000}
configuration=${BENCH_CONFIGURATION:-Release}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
data=$(mktemp -d)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  dotnet build src/EngagementGrains.Host -c "$configuration" -nologo -v quiet >/dev/null
  dotnet build src/EngagementGrains.Load -c "$configuration" -nologo -v quiet >/dev/null
fi
load_dll=src/EngagementGrains.Load/bin/$configuration/net10.0/engagement-load.dll
admin="limits-$RANDOM$RANDOM"

# start_host <name> [environment...]: a fresh embedded Host with the given settings.
start_host() {
  [ -n "$host_pid" ] && { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; }
  port=$(free_port); url="http://127.0.0.1:$port"
  mkdir -p "$data/$1"
  env ENGAGEMENTGRAINS_ADMIN_KEY=$admin Logging__LogLevel__Default=Warning "${@:2}" \
    dotnet src/EngagementGrains.Host/bin/$configuration/net10.0/EngagementGrains.Host.dll \
    --urls "$url" --data-dir "$data/$1" --silo-port "$(free_port)" --gateway-port "$(free_port)" >>"$data/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
}
# The whole engine: what a deployment runs, and what makes an event cost the most.
define_engine() {
  python3 deploy/bench/define.py "$url" "$admin" deploy/bench/measures.json measures
  python3 deploy/bench/define.py "$url" "$admin" deploy/bench/segments.json segments
}
new_key() { curl -sf -X POST "$url/v1/keys" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"scopes":["ingest"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'; }
result() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['eventsPerSecond'], r['latencyP50Ms'], r['latencyP99Ms'], r['failedEvents'])" "$1"; }

echo "machine: $(nproc) cores; $events events over $individuals individuals, batches of 100, 16 in flight"
start_host lifted EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0
define_engine
key=$(new_key)
dotnet "$load_dll" run --url "$url" --key "$key" --individuals "$individuals" --events "$events" --batch 100 --concurrency 16 \
  --quiet --run-id cap --json-out "$data/capacity.json" >/dev/null
read -r capacity _ _ _ < <(result "$data/capacity.json")

start_host limited
define_engine
abusive=$(new_key); steady=$(new_key)
dotnet "$load_dll" run --url "$url" --key "$steady" --individuals 2000 --events 1000000 --batch 10 --rate 200 --concurrency 4 \
  --duration-seconds "$(( events * 8 / 10 / 1500 ))" --quiet --run-id st --json-out "$data/steady.json" >/dev/null &
steady_pid=$!
dotnet "$load_dll" run --url "$url" --key "$abusive" --individuals "$individuals" --events "$events" --batch 100 --concurrency 16 \
  --quiet --run-id ab --json-out "$data/abusive.json" >/dev/null
# The steady sender runs for about 0.8 of the time the default event limit lets the abusive one take.
wait "$steady_pid" || true
read -r taken _ _ abusive_failed < <(result "$data/abusive.json")
if [ -f "$data/steady.json" ]; then read -r steady_rate steady_p50 steady_p99 steady_failed < <(result "$data/steady.json"); fi
python3 - "$capacity" "$taken" "${steady_rate:-nan}" "${steady_p50:-nan}" "${steady_p99:-nan}" "${steady_failed:-nan}" "$abusive_failed" <<'PY'
import sys
capacity, taken, rate, p50, p99, failed, abusive_failed = map(float, sys.argv[1:])
print(f"capacity, one key, limits lifted: {capacity:.0f} events/s")
print(f"one abusive key, default limits: {taken:.0f} events/s = {taken / capacity:.2f} of capacity (limit 0.5); failed {abusive_failed:.0f}")
print(f"a second key beside it at 200 events/s: {rate:.0f} events/s acknowledged, ack p50 {p50:.1f} ms, p99 {p99:.1f} ms, failed {failed:.0f}")
PY

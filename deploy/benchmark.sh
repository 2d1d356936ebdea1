#!/usr/bin/env bash
# Measures the embedded engine on this machine, in one run on fresh data:
#   1. ingest rate with 0 definitions, then with the 10 measures of bench/measures.json (the ratio is the figure);
#   2. memory per individual with 10 measures (managed heap after a full collection / active individuals);
#   3. backfill rate of a measure defined after the load (events in the log / seconds to ready);
#   4. ingest rate with the 20 segments of bench/segments.json against 0;
#   5. the whole engine (10 measures and 20 segments) and, at half its rate, the event-to-membership latency
#      and the lag of time-only exits, read from the real change feed;
#   6. the limit: empty Orleans grain calls per second in one silo on this machine, and the ratio.
# Usage: deploy/benchmark.sh [events] [individuals]   (defaults 300000 and 100000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=${1:-300000}
individuals=${2:-100000}
port=${BENCH_PORT:-5099}
url="http://127.0.0.1:$port"
key="bench-$RANDOM$RANDOM"
data=$(mktemp -d)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

dotnet build src/EngagementGrains.Host -c Release -nologo -v quiet >/dev/null
dotnet build src/EngagementGrains.Load -c Release -nologo -v quiet >/dev/null

start_host() {
  [ -n "$host_pid" ] && { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; }
  rm -rf "$data/db"; mkdir -p "$data/db"
  ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning \
    dotnet src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll \
    --urls "$url" --data-dir "$data/db" --silo-port 11199 --gateway-port 30099 >>"$data/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
}

load() { dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll run --url "$url" --key "$key" \
  --individuals "$individuals" --events "$events" --batch 100 --concurrency 16 --quiet --run-id "$1" --json-out "$data/$1.json" >/dev/null
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{sys.argv[2]}: {r['eventsPerSecond']:.0f} events/s, ack p50 {r['latencyP50Ms']:.1f} ms, p99 {r['latencyP99Ms']:.1f} ms, failed {r['failedEvents']}\")" "$data/$1.json" "$2"; }
define() { python3 - "$url" "$key" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, key, path, kind = sys.argv[1:]
for name, body in json.load(open(path)).items():
    req = urllib.request.Request(f"{url}/v1/{kind}/{name}", data=json.dumps(body).encode(), method="PUT",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
}
stat() { curl -sf -H "Authorization: Bearer $key" "$url/v1/admin/stats?collect=true"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $events events over $individuals individuals, batches of 100, 16 in flight"
# Each configuration gets a fresh process and database, a warm-up run, then the measured run, so both
# carry the same background work (snapshots written behind, JIT) and differ only in the measures.
start_host
load warmup0 "0 measures, warm-up"
load zero "0 measures"
start_host
define deploy/bench/measures.json measures
load warmup10 "10 measures, warm-up"
load ten "10 measures"
python3 -c "import json; a=json.load(open('$data/zero.json')); b=json.load(open('$data/ten.json')); print(f\"ratio 10 measures / 0 measures: {b['eventsPerSecond']/a['eventsPerSecond']:.2f}\")"

stat > "$data/stats.json"
python3 - "$data/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = sum(v for k, v in s["activations"].items() if k.endswith("individual") or "IndividualGrain" in k or k.endswith(".individual"))
print(f"active individuals: {n}; managed heap {s['managedHeapBytes']/2**20:.0f} MiB; working set {s['workingSetBytes']/2**20:.0f} MiB; "
      f"heap per individual {s['managedHeapBytes']/max(n,1)/1024:.1f} KiB")
PY

start=$(date +%s.%N)
curl -sf -X PUT -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$url/v1/measures/backfill_probe" \
  -d '{"event":["EmailOpened","EmailClicked"],"aggregate":"count","within":"90d"}' >/dev/null
until curl -sf -H "Authorization: Bearer $key" "$url/v1/measures/backfill_probe" | grep -q '"status":"ready"'; do sleep 0.2; done
end=$(date +%s.%N)
logged=$(python3 -c "import json; print(sum(json.load(open(f'$data/{r}.json'))['eventsAcknowledged'] - json.load(open(f'$data/{r}.json'))['duplicatesReported'] for r in ('warmup10','ten')))")
python3 -c "
s=$end-$start; n='$logged'
print(f'backfill of one measure: {s:.1f} s' + (f' over {int(n)} logged events = {int(n)/s:.0f} events/s' if n else ''))"

start_host
define deploy/bench/segments.json segments
load warmup20 "20 segments, warm-up"
load twenty "20 segments"
python3 -c "import json; a=json.load(open('$data/zero.json')); b=json.load(open('$data/twenty.json')); print(f\"ratio 20 segments / 0 definitions: {b['eventsPerSecond']/a['eventsPerSecond']:.2f}\")"

start_host
define deploy/bench/measures.json measures
define deploy/bench/segments.json segments
load warmupall "10 measures + 20 segments, warm-up"
load engine "10 measures + 20 segments (the engine)"
half=$(python3 -c "import json; print(int(json.load(open('$data/engine.json'))['eventsPerSecond'] / 2))")
background_events=$((half * 45))
dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll run --url "$url" --key "$key" \
  --individuals "$individuals" --events "$background_events" --rate "$half" --batch 100 --concurrency 16 --quiet --run-id half \
  --json-out "$data/half.json" >/dev/null &
background=$!
sleep 3
dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll latency --url "$url" --key "$key" \
  --segment bench_probe --probes 200 --per-second 10 --json-out "$data/probe.json" | sed "s/^/at half rate ($half events\/s), 10 measures + 20 segments: /"
wait "$background" || true
python3 -c "import json; r=json.load(open('$data/half.json')); print(f\"background load during the probe: {r['eventsPerSecond']:.0f} events/s acknowledged, failed {r['failedEvents']}\")"

kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
limit=$(dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll limit --grains "$individuals" --seconds 10 | grep "empty grain calls/s" | awk "{print \$NF}")
python3 -c "import json; e=json.load(open('$data/engine.json'))['eventsPerSecond']; z=json.load(open('$data/zero.json'))['eventsPerSecond']; print(f'limit: {$limit:.0f} empty grain calls/s; engine (10 measures + 20 segments) / limit: {e/$limit:.3f}; 0 definitions / limit: {z/$limit:.3f}')"

#!/usr/bin/env bash
# Measures the embedded engine on this machine, in one run on fresh data:
#   1. ingest rate with 0 definitions, then with the 10 measures of bench/measures.json (the ratio is the figure);
#   2. memory per individual with 10 measures (managed heap after a full collection / active individuals);
#   3. backfill rate of a measure defined after the load (events in the log / seconds to ready);
#   4. ingest rate with the 20 segments of bench/segments.json against 0;
#   5. the whole engine (10 measures and 20 segments) and, at half its rate, the event-to-membership latency
#      and the lag of time-only exits, read from the real change feed;
#   6. the limit: empty Orleans grain calls per second in one silo on this machine, and the ratio;
#   7. 1,000 definitions (500 measures + 500 segments) against none, on a fifth of the events over a tenth of the people,
#      and one heavy individual's batch latency as their events grow (HEAVY_EVENTS, default 1000000);
#   8. batch SQL: the same events loaded into a private PostgreSQL and the same 20 segments computed with
#      SQL as of one instant, as a batch engine does; its cycle time is the freshness it can offer.
# Every figure is also written to a JSON file: $BENCH_JSON (default artifacts/benchmark.json).
# Usage: deploy/benchmark.sh [--quick] [events] [individuals]   (defaults 300000 and 100000; --quick: a
#        smoke run of a minute or two on 20000 events over 5000 individuals)
# deploy/benchmark.sh --compare <git-rev> [events] [individuals] [rounds]: see deploy/benchmark-compare.sh.
# BENCH_ONLY=thousand deploy/benchmark.sh [events] [individuals]: section 7's 1,000 definitions against none alone (with
#        the heap per individual of the 1,000-definition run), a few minutes; BENCH_ONLY=engine: section 5's whole engine
#        (10 measures + 20 segments) and its heap per individual alone; BENCH_ONLY=latency: section 5's engine load, then
#        its event-to-membership latency at half rate alone. Each leaves docs/benchmarks.md alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${1:-}" = "--compare" ]; then shift; exec bash deploy/benchmark-compare.sh "$@"; fi

# The outer run tees the report; a full run then records it in docs/benchmarks.md between the markers.
if [ -z "${BENCH_INNER:-}" ]; then
  report=$(mktemp)
  set +e
  BENCH_INNER=1 bash "${BASH_SOURCE[0]}" "$@" | tee "$report"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq 0 ] && [ "${1:-}" != "--quick" ] && [ -z "${BENCH_NO_DOCS:-}" ] && [ -z "${BENCH_ONLY:-}" ] && grep -q '<!-- benchmark-run:begin -->' docs/benchmarks.md; then
    python3 - "$report" docs/benchmarks.md "bash deploy/benchmark.sh $*" <<'PY'
import datetime, sys
report, doc, command = sys.argv[1:]
text = open(doc).read()
begin, end = "<!-- benchmark-run:begin -->", "<!-- benchmark-run:end -->"
body = (f"{begin}\nLast full run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, `{command}`\n\n```text\n"
        + open(report).read().strip() + "\n```\n" + end)
head, rest = text.split(begin, 1)
open(doc, "w").write(head + body + rest.split(end, 1)[1])
PY
    echo "report written to docs/benchmarks.md"
  fi
  rm -f "$report"
  exit "$status"
fi

quick=""
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
events=${1:-${quick:+20000}}; events=${events:-300000}
individuals=${2:-${quick:+5000}}; individuals=${individuals:-100000}
probes=${quick:+20}; probes=${probes:-200}
limit_seconds=${quick:+3}; limit_seconds=${limit_seconds:-10}
json_out=${BENCH_JSON:-artifacts/benchmark.json}
mkdir -p "$(dirname "$json_out")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=${BENCH_PORT:-$(free_port)}
silo_port=$(free_port)
gateway_port=$(free_port)
url="http://127.0.0.1:$port"
key="bench-$RANDOM$RANDOM"
data=$(mktemp -d)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

configuration=${BENCH_CONFIGURATION:-Release}
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  dotnet build src/EngagementGrains.Host -c "$configuration" -nologo -v quiet >/dev/null
  dotnet build src/EngagementGrains.Load -c "$configuration" -nologo -v quiet >/dev/null
fi

# The per-key limits are lifted: the benchmark measures the capacity they are a share of.
start_host() {
  [ -n "$host_pid" ] && { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; }
  rm -rf "$data/db"; mkdir -p "$data/db"
  ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 \
    dotnet src/EngagementGrains.Host/bin/$configuration/net10.0/EngagementGrains.Host.dll \
    --urls "$url" --data-dir "$data/db" --silo-port "$silo_port" --gateway-port "$gateway_port" >>"$data/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
}

load() { dotnet src/EngagementGrains.Load/bin/$configuration/net10.0/engagement-load.dll run --url "$url" --key "$key" \
  --individuals "${LOAD_INDIVIDUALS:-$individuals}" --events "${LOAD_EVENTS:-$events}" --batch 100 --concurrency 16 --quiet --run-id "$1" --json-out "$data/$1.json" \
  ${NDJSON:+--ndjson-out "$data/$1.ndjson"} >/dev/null
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{sys.argv[2]}: {r['eventsPerSecond']:.0f} events/s, ack p50 {r['latencyP50Ms']:.1f} ms, p99 {r['latencyP99Ms']:.1f} ms, failed {r['failedEvents']}\")" "$data/$1.json" "$2"; }
define() { python3 deploy/bench/define.py "$url" "$key" "$1" "$2"; }
figure() { echo "$1 $2" >> "$data/figures.txt"; }
stat() { curl -sf -H "Authorization: Bearer $key" "$url/v1/admin/stats?collect=true"; }

# 1,000 definitions (500 count measures over 10 event types with 1-90 d windows, 500 segments on them) against
# no definitions, on a smaller workload (a fifth of the events over a tenth of the people), each on a fresh process.
thousand_definitions() {
python3 deploy/bench/thousand.py "$data"
small_events=$((events / 5)); small_individuals=$((individuals / 10))
start_host
LOAD_EVENTS=$((small_events / 5)) LOAD_INDIVIDUALS=$small_individuals load warmupsmall0 "0 definitions, $small_events events over $small_individuals individuals, warm-up"
LOAD_EVENTS=$small_events LOAD_INDIVIDUALS=$small_individuals load small0 "0 definitions, $small_events events over $small_individuals individuals"
start_host
define "$data/measures-500.json" measures
define "$data/segments-500.json" segments
LOAD_EVENTS=$((small_events / 5)) LOAD_INDIVIDUALS=$small_individuals load warmupthousand "1,000 definitions, warm-up"
LOAD_EVENTS=$small_events LOAD_INDIVIDUALS=$small_individuals load thousand "1,000 definitions (500 measures + 500 segments)"
python3 -c "import json; a=json.load(open('$data/small0.json')); b=json.load(open('$data/thousand.json')); print(f\"ratio 1,000 definitions / 0 definitions: {b['eventsPerSecond']/a['eventsPerSecond']:.2f}, ack p99 {b['latencyP99Ms']:.0f} ms\")"
heap_per_individual "1,000 definitions"
}

# Managed heap after a full collection over the active individuals, labelled.
heap_per_individual() {
  stat > "$data/heap-stats.json"
  python3 - "$data/heap-stats.json" "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = sum(v for k, v in s["activations"].items() if "ndividual" in k)
print(f"{sys.argv[2]}: active individuals {n}; managed heap {s['managedHeapBytes']/2**20:.0f} MiB; heap per individual {s['managedHeapBytes']/max(n,1)/1024:.1f} KiB")
PY
}


# Section 5's load on a fresh Host: the whole engine defined, a warm-up, then the measured run (NDJSON=1 keeps
# each request's acknowledgement for the batch comparison).
engine_load() {
  start_host
  define deploy/bench/measures.json measures
  define deploy/bench/segments.json segments
  load warmupall "10 measures + 20 segments, warm-up"
  load engine "10 measures + 20 segments (the engine)"
}

# At half the engine's rate, the event-to-membership latency and the lag of time-only exits, from the change feed.
membership_latency() {
  half=$(python3 -c "import json; print(int(json.load(open('$data/engine.json'))['eventsPerSecond'] / 2))")
  background_events=$((half * (probes / 10 + 15)))
  dotnet src/EngagementGrains.Load/bin/$configuration/net10.0/engagement-load.dll run --url "$url" --key "$key" \
    --individuals "$individuals" --events "$background_events" --rate "$half" --batch 100 --concurrency 16 --quiet --run-id half \
    --json-out "$data/half.json" >/dev/null &
  background=$!
  sleep 3
  dotnet src/EngagementGrains.Load/bin/$configuration/net10.0/engagement-load.dll latency --url "$url" --key "$key" \
    --segment bench_probe --probes "$probes" --per-second 10 --json-out "$data/probe.json" | sed "s/^/at half rate ($half events\/s), 10 measures + 20 segments: /"
  wait "$background" || true
  python3 -c "import json; r=json.load(open('$data/half.json')); print(f\"background load during the probe: {r['eventsPerSecond']:.0f} events/s acknowledged, failed {r['failedEvents']}\")"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $events events over $individuals individuals, batches of 100, 16 in flight"
if [ "${BENCH_ONLY:-}" = thousand ]; then
  thousand_definitions
  python3 -c "import json,sys; d=sys.argv[1]; json.dump({r: json.load(open(f'{d}/{r}.json')) for r in ('warmupsmall0','small0','warmupthousand','thousand')}, open(sys.argv[2],'w'), indent=2)" "$data" "$json_out"
  echo "figures written to $json_out"
  exit 0
elif [ "${BENCH_ONLY:-}" = engine ]; then
  engine_load
  heap_per_individual "the engine"
  exit 0
elif [ "${BENCH_ONLY:-}" = latency ]; then
  engine_load
  membership_latency
  exit 0
elif [ -n "${BENCH_ONLY:-}" ]; then
  echo "BENCH_ONLY=$BENCH_ONLY: only 'thousand', 'engine' and 'latency' are known" >&2; exit 2
fi
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
n = sum(v for k, v in s["activations"].items() if "ndividual" in k)
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

NDJSON=1 engine_load
asof=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
curl -sf -H "Authorization: Bearer $key" "$url/v1/admin/stats?collect=true" > "$data/engine-stats.json"
python3 - "$data/engine-stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = sum(v for k, v in s["activations"].items() if "ndividual" in k)
print(f"the engine: active individuals {n}; managed heap {s['managedHeapBytes']/2**20:.0f} MiB; heap per individual {s['managedHeapBytes']/max(n,1)/1024:.1f} KiB")
PY
python3 - "$url" "$key" deploy/bench/segments.json > "$data/engine-sizes.txt" <<'PY'
import json, sys, urllib.request
url, key, path = sys.argv[1:]
for name in sorted(json.load(open(path))):
    req = urllib.request.Request(f"{url}/v1/segments/{name}", headers={"Authorization": f"Bearer {key}"})
    print(name, json.load(urllib.request.urlopen(req))["size"])
PY
# The sizes are read one after another while windows keep sliding: batch SQL computes them as of both ends.
asof_end=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
membership_latency

# 7. 1,000 definitions: not in --quick mode (defining 1,000 takes a while).
if [ -z "$quick" ]; then thousand_definitions; fi

# A heavy individual: one person's 100-event batches against a 365-day count measure as their events grow to
# $HEAVY_EVENTS (default 1,000,000: the issue's aim is flat up to 1M), on a fresh process; not in --quick mode.
# Each event is older than the one before (cycling over 300 days), the costly order for a window kept in time
# order. Each figure is the median of the batches in the last 5 % before its mark, so a mark does not fall on
# one spot of the cycle.
if [ -z "$quick" ]; then
start_host
python3 deploy/bench/heavy.py "$url" "$key" "${HEAVY_EVENTS:-1000000}"
fi

kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
limit=$(dotnet src/EngagementGrains.Load/bin/$configuration/net10.0/engagement-load.dll limit --grains "$individuals" --seconds "$limit_seconds" | grep "empty grain calls/s" | awk "{print \$NF}")
python3 -c "import json; e=json.load(open('$data/engine.json'))['eventsPerSecond']; z=json.load(open('$data/zero.json'))['eventsPerSecond']; print(f'limit: {$limit:.0f} empty grain calls/s; engine (10 measures + 20 segments) / limit: {e/$limit:.3f}; 0 definitions / limit: {z/$limit:.3f}')"

eval "$(deploy/postgres/private.sh start)"
trap 'deploy/postgres/private.sh stop "$EG_PG_DIR"; cleanup' EXIT
cat "$data/warmupall.ndjson" "$data/engine.ndjson" > "$data/all.ndjson"
chmod a+r "$data/all.ndjson"
t0=$(date +%s.%N)
psql -q -f deploy/bench/batch-load.sql < "$data/all.ndjson"
t1=$(date +%s.%N)
psql -q -v asof="'$asof'" -f deploy/bench/batch-segments.sql > "$data/batch-sizes.txt"
t2=$(date +%s.%N)
psql -q -v asof="'$asof_end'" -f deploy/bench/batch-segments.sql > "$data/batch-sizes-end.txt"
python3 - "$t0" "$t1" "$t2" "$data/engine-sizes.txt" "$data/batch-sizes.txt" "$data/probe.json" "$data" "$json_out" "$limit" "$data/batch-sizes-end.txt" <<'PY'
import json, os, sys
t0, t1, t2 = map(float, sys.argv[1:4])
engine = dict(line.split() for line in open(sys.argv[4]) if line.strip())
batch = {}
for line in open(sys.argv[5]):
    parts = line.split()
    if parts and parts[0] == "size":
        batch[parts[1]] = parts[2]
    elif parts and parts[0] == "events":
        logged = parts[1]
load, compute = t1 - t0, t2 - t1
probe = json.load(open(sys.argv[6]))
print(f"batch SQL over {logged} events: load {load:.1f} s, compute 20 segments {compute:.1f} s, cycle {load + compute:.1f} s")
print(f"freshness: engine event-to-membership p99 {probe['enterP99Ms']:.0f} ms vs a batch cycle of {(load + compute) * 1000:.0f} ms "
      f"(x{(load + compute) * 1000 / max(probe['enterP99Ms'], 1):.0f}); a scheduled batch adds its interval on top")
batch_end = {p[1]: p[2] for p in (line.split() for line in open(sys.argv[10])) if p and p[0] == "size"}
same = sum(1 for k in engine if engine[k] in (batch.get(k, "0"), batch_end.get(k, "0")))
print(f"segment sizes equal in engine and batch SQL (as of the start or the end of the engine's read): {same} of {len(engine)}" +
      "".join(f"\n  {k}: engine {engine[k]}, batch {batch.get(k, '0')} at the start, {batch_end.get(k, '0')} at the end"
              for k in sorted(engine) if engine[k] not in (batch.get(k, "0"), batch_end.get(k, "0"))))
data, out, limit = sys.argv[7], sys.argv[8], float(sys.argv[9])
runs = {r: json.load(open(os.path.join(data, f"{r}.json"))) for r in
        ("warmup0", "zero", "warmup10", "ten", "warmup20", "twenty", "warmupall", "engine", "half",
                  "warmupsmall0", "small0", "warmupthousand", "thousand") if os.path.exists(os.path.join(data, f"{r}.json"))}
stats = json.load(open(os.path.join(data, "engine-stats.json")))
figures = {
    "runs": runs,
    "ratios": {"tenMeasuresOverZero": runs["ten"]["eventsPerSecond"] / runs["zero"]["eventsPerSecond"],
               "twentySegmentsOverZero": runs["twenty"]["eventsPerSecond"] / runs["zero"]["eventsPerSecond"],
               "engineOverLimit": runs["engine"]["eventsPerSecond"] / limit,
               "thousandDefinitionsOverZero": runs["thousand"]["eventsPerSecond"] / runs["small0"]["eventsPerSecond"] if "thousand" in runs else None,
               "batchCycleOverEngineP99": (load + compute) * 1000 / max(probe["enterP99Ms"], 1)},
    "limitCallsPerSecond": limit,
    "probe": probe,
    "batchSql": {"events": int(logged), "loadSeconds": load, "computeSeconds": compute, "sizes": batch},
    "engineSizes": engine,
    "engineEventsLoggedAtSnapshot": stats["eventsLogged"],
    "engineHeapBytesPerIndividual": stats["managedHeapBytes"] / max(1, sum(v for k, v in stats["activations"].items() if "ndividual" in k)),
    "lostEvents": int(logged) - stats["eventsLogged"],
    "failedEvents": sum(r["failedEvents"] for r in runs.values()),
    "duplicatesMismatch": sum(abs(r["duplicatesReported"] - r["duplicatesExpected"]) for r in runs.values()),
    "segmentSizesEqual": same,
}
print(f"events stored by the engine {stats['eventsLogged']}, distinct events sent {logged}: lost {figures['lostEvents']}")
json.dump(figures, open(out, "w"), indent=2)
print(f"figures written to {out}")
PY

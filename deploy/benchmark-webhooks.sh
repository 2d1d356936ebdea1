#!/usr/bin/env bash
# Webhook delivery latency: from a segment change to its signed POST arriving at a receiver on loopback, with
# the whole engine defined (deploy/bench: 10 measures + 20 segments) and ingest at half its maximum rate.
#   deploy/benchmark-webhooks.sh [events for the maximum=60000] [individuals=20000] [probes=200]
# One embedded Host: the whole engine, a warm-up, a run flat out (the maximum), then background load at half
# that rate while `engagement-load latency` sends probes into bench_probe; a destination wants bench_probe,
# and the receiver (python, on loopback) takes for each enter the time from its `at` (the change) to arrival.
# The change feed's own event-to-membership latency for the same probes is printed beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-60000}
individuals=${2:-20000}
probes=${3:-200}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${BENCH_NO_BUILD:-}" ] || { dotnet build src/EngagementGrains.Host -c Release -nologo -v quiet >/dev/null; dotnet build src/EngagementGrains.Load -c Release -nologo -v quiet >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
load_tool=src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll
key="hooks-$RANDOM$RANDOM"
port=$(free_port); url="http://127.0.0.1:$port"
receiver_port=$(free_port)

# The receiver: answers 204 at once, and notes for every bench_probe enter the seconds from its change to now.
python3 - "$receiver_port" "$work/deliveries.tsv" <<'PY' &
import datetime, http.server, json, sys
port, out = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        arrived = datetime.datetime.now(datetime.timezone.utc)
        change = json.loads(body)
        if change["segment"] == "bench_probe" and change["type"] == "segment.enter":
            at = datetime.datetime.fromisoformat(change["at"].replace("Z", "+00:00"))
            out.write(f"{self.headers['webhook-id']}\t{(arrived - at).total_seconds() * 1000:.1f}\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
PY
pids+=($!)

ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 \
  dotnet src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll --urls "$url" --data-dir "$work/db" \
  --silo-port "$(free_port)" --gateway-port "$(free_port)" >>"$work/host.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
for kind in measures segments; do
  python3 deploy/bench/define.py "$url" "$key" "deploy/bench/$kind.json" "$kind"
done
curl -sf -X PUT -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$url/v1/destinations/bench" \
  -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"segments\":[\"bench_probe\"]}" >/dev/null

run() { dotnet "$load_tool" run --url "$url" --key "$key" --individuals "$individuals" --batch 100 --concurrency 16 --quiet --run-id "$1$RANDOM" --json-out "$work/$1.json" "${@:2}" >/dev/null; }
run warmup --events $((events / 3))
run max --events "$events"
half=$(python3 -c "import json; print(int(json.load(open('$work/max.json'))['eventsPerSecond'] / 2))")
run half --events $((half * (probes / 10 + 15))) --rate "$half" &
background=$!
sleep 3
dotnet "$load_tool" latency --url "$url" --key "$key" --segment bench_probe --probes "$probes" --per-second 10 \
  --run-id "p$RANDOM" --json-out "$work/probe.json" >/dev/null
wait "$background" || true
sleep 3

python3 - "$work" "$(nproc)" "$probes" <<'PY'
import json, statistics, sys
work, cores, probes = sys.argv[1], sys.argv[2], int(sys.argv[3])
latencies = sorted(float(line.split("\t")[1]) for line in open(f"{work}/deliveries.tsv"))
maximum, half, probe = (json.load(open(f"{work}/{n}.json")) for n in ("max", "half", "probe"))
keys = {k.lower(): k for k in probe}
def pct(q): return latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"machine: {cores} cores; the whole engine; maximum {maximum['eventsPerSecond']:.0f} events/s, "
      f"background at half: {half['eventsPerSecond']:.0f} events/s (failed {half['failedEvents']})")
print(f"webhook delivery, change to receiver: {len(latencies)} of {probes} probe enters delivered; "
      f"p50 {statistics.median(latencies):.0f} ms, p99 {pct(0.99):.0f} ms, max {latencies[-1]:.0f} ms")
print(f"change feed (SSE), event to membership, same probes: p50 {probe[keys['enterp50ms']]:.0f} ms, p99 {probe[keys['enterp99ms']]:.0f} ms")
PY

#!/usr/bin/env bash
# A same-run comparison of the event-to-membership latency (section 5 of deploy/benchmark.sh) of the working
# tree against another revision, read from the real change feed, so a change to the feed shows as a ratio
# taken on one machine in one sitting.
#   deploy/benchmark-latency.sh <git-rev> [rate=4000] [rounds=2] [warm-up events=100000] [individuals=20000]
# Builds <git-rev> in a temporary worktree, then alternates the two builds, each on a fresh process and
# database: the whole engine (10 measures + 20 segments), a warm-up load, then background load at a fixed
# rate (the same for both builds) while `engagement-load latency` sends 200 probes into bench_probe.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rev=${1:?usage: deploy/benchmark-latency.sh <git-rev> [rate] [rounds] [warm-up events] [individuals]}
rate=${2:-4000}
rounds=${3:-2}
events=${4:-100000}
individuals=${5:-20000}
probes=200
work=$(mktemp -d)
other="$work/tree"
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null
  wait 2>/dev/null || true
  git worktree remove --force "$other" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --detach --quiet "$other" "$rev"
echo "building $rev ($(git rev-parse --short "$rev")) and the working tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', with changes'))"
dotnet build "$other/src/EngagementGrains.Host" -c Release -nologo -v quiet >/dev/null
dotnet build src/EngagementGrains.Host -c Release -nologo -v quiet >/dev/null
dotnet build src/EngagementGrains.Load -c Release -nologo -v quiet >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
load_tool=src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll
key="latency-$RANDOM$RANDOM"
run() { # tree label
  local tree=$1 label=$2 port url background
  port=$(free_port); url="http://127.0.0.1:$port"
  rm -rf "$work/db"
  ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 \
    dotnet "$tree/src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll" --urls "$url" --data-dir "$work/db" \
    --silo-port "$(free_port)" --gateway-port "$(free_port)" >>"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
  for kind in measures segments; do
    python3 deploy/bench/define.py "$url" "$key" "deploy/bench/$kind.json" "$kind"
  done
  dotnet "$load_tool" run --url "$url" --key "$key" --individuals "$individuals" --events "$events" \
    --batch 100 --concurrency 16 --quiet --run-id "warm$RANDOM" --json-out "$work/warmup.json" >/dev/null
  dotnet "$load_tool" run --url "$url" --key "$key" --individuals "$individuals" --events "$((rate * (probes / 10 + 15)))" --rate "$rate" \
    --batch 100 --concurrency 16 --quiet --run-id "half$RANDOM" --json-out "$work/background.json" >/dev/null &
  background=$!
  sleep 3
  dotnet "$load_tool" latency --url "$url" --key "$key" --segment bench_probe --probes "$probes" --per-second 10 \
    --run-id "p$RANDOM" --json-out "$work/probe.json" >/dev/null
  wait "$background" || true
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
  python3 - "$work/probe.json" "$work/background.json" "$label" "$work/results.txt" <<'PY'
import json, sys
p, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
keys = {k.lower(): k for k in p}
def f(name): return p[keys[name.lower()]]
p50, p99, mx = f("enterP50Ms"), f("enterP99Ms"), f("enterMaxMs")
print(f"{sys.argv[3]:<14} event-to-membership p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {mx:7.1f} ms   background {b['eventsPerSecond']:.0f} events/s, failed {b['failedEvents']}")
open(sys.argv[4], "a").write(f"{sys.argv[3]}\t{p50}\t{p99}\n")
PY
}

echo "machine: $(nproc) cores; the whole engine, $events warm-up events over $individuals individuals, background $rate events/s, $probes probes; $rounds rounds, alternating"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    run "$other" "$rev"; run . "working tree"
  else
    run . "working tree"; run "$other" "$rev"
  fi
done
python3 - "$work/results.txt" "$rev" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
for i, name in ((1, "p50"), (2, "p99")):
    mine = [float(r[i]) for r in rows if r[0] == "working tree"]
    base = [float(r[i]) for r in rows if r[0] == sys.argv[2]]
    ratios = sorted(m / b for m, b in zip(mine, base))
    print(f"event-to-membership {name}: working tree / {sys.argv[2]} = {statistics.median(ratios):.2f} (each round {', '.join(f'{x:.2f}' for x in ratios)}); "
          f"median {statistics.median(mine):.1f} ms vs {statistics.median(base):.1f} ms")
PY

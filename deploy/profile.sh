#!/usr/bin/env bash
# The cost budget of an event: CPU microseconds per acknowledged event in each stage of the embedded Host,
# from a perf sampling profile taken while the load tool drives the whole engine (10 measures + 20 segments).
#   deploy/profile.sh [events=200000] [individuals=20000] [seconds=15]
# Needs perf (linux-perf) and root or perf_event_paranoid <= 1. The Host runs with DOTNET_PerfMapEnabled=1 and
# W^X off so perf can name JIT-compiled frames; both cost a little, so read the stages as shares, and the
# events/s of benchmark.sh as the throughput. Stages are assigned by the innermost frame that names one
# (deploy/profile/stages.py); samples of the GC and tiered-compilation threads are counted by thread.
# PROFILE_OUT=file keeps the perf script dump for a closer look. PROFILE_DEFINITIONS=thousand profiles benchmark.sh's
# section 7 instead: its 500 measures and 500 segments (deploy/bench/thousand.py), e.g. deploy/profile.sh 60000 10000 15.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-200000}
individuals=${2:-20000}
seconds=${3:-15}
command -v perf >/dev/null || { echo "perf is needed (apt-get install linux-perf)" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port); url="http://127.0.0.1:$port"; key="profile-$RANDOM$RANDOM"; work=$(mktemp -d)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${BENCH_NO_BUILD:-}" ] || { dotnet build src/EngagementGrains.Host -c Release -nologo -v quiet >/dev/null; dotnet build src/EngagementGrains.Load -c Release -nologo -v quiet >/dev/null; }
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 \
  dotnet src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll --urls "$url" --data-dir "$work/db" \
  --silo-port "$(free_port)" --gateway-port "$(free_port)" >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
if [ "${PROFILE_DEFINITIONS:-}" = thousand ]; then
  python3 deploy/bench/thousand.py "$work"
  python3 deploy/bench/define.py "$url" "$key" "$work/measures-500.json" measures
  python3 deploy/bench/define.py "$url" "$key" "$work/segments-500.json" segments
else
  for kind in measures segments; do
    python3 deploy/bench/define.py "$url" "$key" "deploy/bench/$kind.json" "$kind"
  done
fi
load() { dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll run --url "$url" --key "$key" \
  --individuals "$individuals" --events "$1" --batch 100 --concurrency 16 --quiet --run-id "$2" --json-out "$work/$2.json" >/dev/null; }
count() { python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$work/db/engagement.db?mode=ro', uri=True); print(c.execute('select count(*) from events').fetchone()[0])"; }

load "$((events / 3))" warmup
load "$events" measured &
load_pid=$!
sleep 5
before=$(count)
perf record -F 499 -g -p "$host_pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1
after=$(count)
wait "$load_pid"
perf script -i "$work/perf.data" -F comm,ip,sym,dso 2>/dev/null > "$work/perf.txt"
[ -z "${PROFILE_OUT:-}" ] || cp "$work/perf.txt" "$PROFILE_OUT"
python3 deploy/profile/stages.py "$work/perf.txt" "$((after - before))" 499 "$seconds"

#!/usr/bin/env bash
# A same-run comparison of the working tree against another revision, so a regression shows as a ratio taken
# on one machine in one sitting (these machines vary about 2x from day to day).
#   deploy/benchmark.sh --compare <git-rev> [events=100000] [individuals=20000] [rounds=3]
# Builds <git-rev> in a temporary worktree beside this one, then alternates the two builds, each on a fresh
# process and database with a warm-up run: the whole engine (10 measures + 20 segments), then no definitions.
# The load tool of the working tree drives both. Prints each run and the median ratio (working tree / rev).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rev=${1:?usage: deploy/benchmark.sh --compare <git-rev> [events] [individuals] [rounds]}
events=${2:-100000}
individuals=${3:-20000}
rounds=${4:-3}
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
key="compare-$RANDOM$RANDOM"
run() { # tree label definitions(yes|no)
  local tree=$1 label=$2 defs=$3 port url
  port=$(free_port); url="http://127.0.0.1:$port"
  rm -rf "$work/db"
  ENGAGEMENTGRAINS_ADMIN_KEY=$key Logging__LogLevel__Default=Warning EngagementGrains__Limits__RequestsPerSecond=0 EngagementGrains__Limits__EventsPerSecond=0 \
    dotnet "$tree/src/EngagementGrains.Host/bin/Release/net10.0/EngagementGrains.Host.dll" --urls "$url" --data-dir "$work/db" \
    --silo-port "$(free_port)" --gateway-port "$(free_port)" >>"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 120); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
  if [ "$defs" = yes ]; then
    for kind in measures segments; do
      python3 deploy/bench/define.py "$url" "$key" "deploy/bench/$kind.json" "$kind"
    done
  fi
  for phase in warmup measured; do
    dotnet src/EngagementGrains.Load/bin/Release/net10.0/engagement-load.dll run --url "$url" --key "$key" \
      --individuals "$individuals" --events "$([ $phase = warmup ] && echo $((events / 5)) || echo "$events")" \
      --batch 100 --concurrency 16 --quiet --run-id "$phase$RANDOM" --json-out "$work/$phase.json" >/dev/null
  done
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
  python3 - "$work/measured.json" "$label" "$defs" "$work/results.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<14} {'engine' if sys.argv[3] == 'yes' else '0 definitions':<14} {r['eventsPerSecond']:>8.0f} events/s   ack p99 {r['latencyP99Ms']:>7.1f} ms   failed {r['failedEvents']}")
open(sys.argv[4], "a").write(f"{sys.argv[2]} {sys.argv[3]} {r['eventsPerSecond']}\n")
PY
}

echo "machine: $(nproc) cores; $events events (after $((events / 5)) warm-up) over $individuals individuals, $rounds rounds, alternating"
for round in $(seq 1 "$rounds"); do
  for defs in yes no; do
    # Alternate which build goes first, so neither always runs on a warmer machine.
    if [ $((round % 2)) -eq 1 ]; then
      run "$other" "$rev" "$defs"; run . "working tree" "$defs"
    else
      run . "working tree" "$defs"; run "$other" "$rev" "$defs"
    fi
  done
done
python3 - "$work/results.txt" "$rev" <<'PY'
import statistics, sys
rows = [line.rsplit(" ", 2) for line in open(sys.argv[1]) if line.strip()]
for defs, name in (("yes", "the engine (10 measures + 20 segments)"), ("no", "0 definitions")):
    mine = [float(r[2]) for r in rows if r[0] == "working tree" and r[1] == defs]
    base = [float(r[2]) for r in rows if r[0] == sys.argv[2] and r[1] == defs]
    ratios = sorted(m / b for m, b in zip(mine, base))
    print(f"{name}: working tree / {sys.argv[2]} = {statistics.median(ratios):.2f} (median of {len(ratios)}; "
          f"each round {', '.join(f'{x:.2f}' for x in ratios)}); events/s median {statistics.median(mine):.0f} vs {statistics.median(base):.0f}")
PY

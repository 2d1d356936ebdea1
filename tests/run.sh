#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what is missing, builds once,
# runs every test project, and ends with the totals on a line of their own.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release

# Prerequisites. Embedded mode needs only the .NET SDK (SQLite ships inside the NuGet package); the
# benchmark smoke test also needs a PostgreSQL server (a private one is started from its binaries), curl
# and python3; the tracking tests drive Segment's and RudderStack's own Node.js clients, so Node.js and npm,
# and their browser clients in Debian's Chromium (driven by Playwright, which downloads no browser); the
# partition tests need iproute2.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet was not found on PATH)." >&2
  exit 1
fi

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The partition tests build a network of namespaces with iproute2's ip (they run as root, as CI does).
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The packaged cluster that came with the install is not used: tests start private servers.
    if command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1, $2}' | while read -r version cluster; do
        pg_ctlcluster "$version" "$cluster" stop || true
      done
    fi
  else
    echo "Please install: ${missing[*]} (as root: apt-get install ${missing[*]})." >&2
    exit 1
  fi
fi

# The tracking clients the tests drive, each at the version its folder's lock file pins: Segment's and
# RudderStack's Node.js clients, and the browser clients served to Chromium. Installed only when missing.
for client in segment-client:@segment/analytics-node rudderstack-client:@rudderstack/rudder-sdk-node \
  browser-clients:@segment/analytics-next browser-clients:@rudderstack/analytics-js; do
  folder=${client%%:*}
  package=${client#*:}
  if [ ! -d "tests/$folder/node_modules/$package" ]; then
    if ! (cd "tests/$folder" && npm ci --no-audit --no-fund --loglevel=error); then
      echo "npm could not install tests/$folder; the tests that drive its clients will fail." >&2
    fi
  fi
done

if ! dotnet build EngagementGrains.sln -c "$configuration" -nologo -v quiet; then
  echo "The build failed; no tests were run." >&2
  exit 1
fi

# The model test writes what its runs did (seeds, steps, kills, merges, erasures); printed with the totals.
model_summary=tests/EngagementGrains.ModelTests/bin/$configuration/net10.0/model-summary.txt
rm -f "$model_summary"

# Two lanes, one per core, fixed here rather than left to the test runner, which starts modules in an order
# of its own: once it started the longest, the model test, after the others, and the suite took 18 minutes.
# A lane runs its modules one after another; each module's output is printed whole when it ends.
lane_a=(EngagementGrains.ModelTests EngagementGrains.PartitionTests EngagementGrains.HardeningTests EngagementGrains.Core.Tests EngagementGrains.Grains.Tests EngagementGrains.Storage.Tests)
lane_b=(EngagementGrains.EndToEnd.Tests)
for project in tests/*/*.csproj; do
  module=$(basename "$project" .csproj)
  if [[ " ${lane_a[*]} ${lane_b[*]} " != *" $module "* ]]; then
    echo "tests/run.sh runs no lane with $module: add it to lane_a or lane_b." >&2
    exit 1
  fi
done

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
test_args=("$@")
run_lane() {
  local lane_status=0 module code
  for module in "$@"; do
    ENGAGEMENTGRAINS_TEST_FIGURES="$logs/$module.figures" dotnet test --project "tests/$module" -c "$configuration" --no-build "${test_args[@]}" >"$logs/$module.log" 2>&1
    code=$?
    # 8: no test of this module matched a filter given to the command; the totals still say if none ran at all.
    if [ "$code" -ne 0 ] && [ "$code" -ne 8 ]; then lane_status=1; fi
    cat "$logs/$module.log"
  done
  return "$lane_status"
}
run_lane "${lane_a[@]}" &
lane_a_pid=$!
run_lane "${lane_b[@]}" &
lane_b_pid=$!
status=0
wait "$lane_a_pid" || status=1
wait "$lane_b_pid" || status=1

# Totals from the test platform's own summaries (one per module), not from counting our output.
read -r total failed succeeded skipped < <(cat "$logs"/*.log | awk '
  /Test run summary/ { in_summary = 1 }
  in_summary && $1 == "total:" { t += $2 }
  in_summary && $1 == "failed:" { f += $2 }
  in_summary && $1 == "succeeded:" { s += $2 }
  in_summary && $1 == "skipped:" { k += $2; in_summary = 0 }
  END { print t + 0, f + 0, s + 0, k + 0 }')

if [ "$total" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No tests ran." >&2
  status=1
fi

# What the fault, partition and backfill tests measured (stalls, waits, failovers), printed with the totals.
if compgen -G "$logs/*.figures" >/dev/null; then
  echo "Figures measured by the tests:"
  cat "$logs"/*.figures | sed 's/^/  /'
fi

if [ -f "$model_summary" ]; then
  cat "$model_summary"
fi

echo "$succeeded passed, $failed failed, $skipped skipped"
exit "$status"

#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what is missing, builds once,
# runs every test project, and ends with the totals on a line of their own.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release

# Prerequisites. Embedded mode needs only the .NET SDK (SQLite ships inside the NuGet package).
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet was not found on PATH)." >&2
  exit 1
fi

if ! dotnet build EngagementGrains.sln -c "$configuration" -nologo -v quiet; then
  echo "The build failed; no tests were run." >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution EngagementGrains.sln -c "$configuration" --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Totals from the test platform's own summary, not from counting our output.
read -r total failed succeeded skipped < <(awk '
  /Test run summary/ { in_summary = 1 }
  in_summary && $1 == "total:" { t = $2 }
  in_summary && $1 == "failed:" { f = $2 }
  in_summary && $1 == "succeeded:" { s = $2 }
  in_summary && $1 == "skipped:" { k = $2 }
  END { print (t == "" ? 0 : t), (f == "" ? 0 : f), (s == "" ? 0 : s), (k == "" ? 0 : k) }' "$log")

if [ "$total" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No tests ran." >&2
  status=1
fi

echo "$succeeded passed, $failed failed, $skipped skipped"
exit "$status"

#!/usr/bin/env bash
# Mutation testing of Core with Stryker.NET, one stage folder at a time:
#   tests/mutation.sh Plan [MINUTES]
# The folder is a Core stage (Plan, Edit, Select, Propose...). The run is CPU heavy: it uses one
# test runner, runs at low priority and stops after MINUTES (default 60). The score per folder is
# printed at the end and the reports land in artifacts/mutation/<folder>/ (mutation-report.html).
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:?usage: tests/mutation.sh FOLDER [MINUTES]}"
minutes="${2:-60}"
out="$PWD/artifacts/mutation/$folder"
mkdir -p "$out"
dotnet tool restore >/dev/null
# Run from the test project: the solution next to the configuration would put Stryker in solution
# mode, which mutates every project.
cd tests/GitStreamSync.Core.Tests
nice -n 10 timeout --signal=INT --kill-after=60 "${minutes}m" \
  dotnet stryker --config-file ../../stryker-config.json \
    --mutate "**/GitStreamSync.Core/$folder/**/*.cs" \
    --output "$out" 2>&1 | tee "$out/stryker.log" | grep -vE '^\s*$' | tail -n 40
report=$(find "$out" -name mutation-report.json | sort | tail -n 1)
[ -n "$report" ] || { echo "no report: the run did not finish within $minutes minutes" >&2; exit 1; }
# Score = killed (and timed out) over all mutants that tests cover or could cover.
jq -r --arg f "$folder" '
  [.files[] | .mutants[] | .status] as $s
  | ($s | map(select(. == "Killed" or . == "Timeout")) | length) as $k
  | ($s | map(select(. == "Survived" or . == "NoCoverage")) | length) as $l
  | "\($f): \($k) killed, \($l) survived or not covered, score \(if $k + $l == 0 then 100 else ($k * 10000 / ($k + $l) | floor) / 100 end)%"' "$report"

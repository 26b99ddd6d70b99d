#!/usr/bin/env bash
# Mutation testing of Core with Stryker.NET, one stage folder at a time:
#   tests/mutation.sh Plan [MINUTES] [FILE...]
# The folder is a Core stage (Plan, Edit, Select, Propose...); FILEs (names inside the folder, e.g.
# StreamLookup.cs) restrict the run to them. The run is CPU heavy: it uses one test runner, runs at
# low priority and stops after MINUTES (default 60). The score is printed at the end, the reports
# land in artifacts/mutation/<folder>/ (mutation-report.html) and a line is appended to
# artifacts/mutation/summary.tsv.
#   MUTATION_TESTS=Plan         run only the tests under GitStreamSync.Core.Tests/Plan (a lower bound)
#   MUTATION_BASELINE=REPORT    a mutant killed in that earlier mutation-report.json counts as killed
#   MUTATION_ALL_KILLERS=1      run every test that covers a mutant, not only up to the first that kills it: the
#                               report then names every killing test, so the score of a subset of the tests
#                               (say, those of an earlier commit) can be counted from the same run
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:?usage: tests/mutation.sh FOLDER [MINUTES] [FILE...]}"
minutes="${2:-60}"
shift $(( $# >= 2 ? 2 : 1 ))
out="$PWD/artifacts/mutation/$folder"
mkdir -p "$out"
baseline=""
if [ -n "${MUTATION_BASELINE:-}" ]; then
  # Kept aside: the baseline may be this folder's previous report, which the run replaces.
  baseline="$out/baseline-report.json"
  [ "$(realpath "$MUTATION_BASELINE")" = "$(realpath -m "$baseline")" ] || cp "$MUTATION_BASELINE" "$baseline"
fi
rm -rf "$out/reports"
dotnet tool restore >/dev/null
mutate=()
if [ $# -eq 0 ]; then
  mutate+=(--mutate "**/GitStreamSync.Core/$folder/**/*.cs")
else
  for file in "$@"; do mutate+=(--mutate "**/GitStreamSync.Core/$folder/$file"); done
fi
filter=()
[ -z "${MUTATION_TESTS:-}" ] || filter+=(--test-case-filter "FullyQualifiedName~GitStreamSync.Core.Tests.$MUTATION_TESTS.")
[ -z "${MUTATION_ALL_KILLERS:-}" ] || filter+=(--disable-bail)
# Run from the test project: the solution next to the configuration would put Stryker in solution
# mode, which mutates every project.
cd tests/GitStreamSync.Core.Tests
nice -n 10 timeout --signal=INT --kill-after=60 "${minutes}m" \
  dotnet stryker --config-file ../../stryker-config.json "${mutate[@]}" "${filter[@]}" \
    --output "$out" 2>&1 | tee "$out/stryker.log" | grep -vE '^\s*$' | grep -vE 'Safe Mode|unidentified mutation' | tail -n 40
report=$(find "$out" -name mutation-report.json | sort | tail -n 1)
[ -n "$report" ] || { echo "no report: the run did not finish within $minutes minutes" >&2; exit 1; }
# Score = killed (and timed out) over all mutants that tests cover or could cover. A mutant is named
# by its file (from the folder on), place, mutator and replacement, so two runs of the same code agree.
merged() {
  jq -r --arg f "$folder" --slurpfile base "${baseline:-/dev/null}" '
    def mutants: .files | to_entries[] | select(.key | test("/GitStreamSync.Core/" + $f + "/"))
      | (.key | sub(".*/GitStreamSync.Core/"; "")) as $file
      | .value.mutants[] | {id: "\($file):\(.location.start.line):\(.location.start.column):\(.mutatorName):\(.replacement)",
          file: $file, place: "\($file):\(.location.start.line)", mutator: .mutatorName, status};
    def counted: select(.status != "Ignored" and .status != "CompileError");
    [mutants | .file] as $files
    | [($base[0] // {files: {}}) | mutants] as $before
    | [$before[] | select(.status == "Killed" or .status == "Timeout") | .id] as $killedBefore
    # Files of the folder this run left out keep their earlier results.
    | [(mutants | counted | .status = (if (.id | IN($killedBefore[])) then "Killed" else .status end)),
       ($before[] | counted | select(.file | IN($files[]) | not))] as $run
    | ($run | map(select(.status == "Killed" or .status == "Timeout")) | length) as $k
    | ($run | map(select(.status == "Survived" or .status == "NoCoverage"))) as $lived
    '"$1" "$report"
}
summary=$(merged '| "\($f)\t\($k)\t\($lived | length)\t\(if $k + ($lived | length) == 0 then 100 else ($k * 10000 / ($k + ($lived | length)) | floor) / 100 end)"')
IFS=$'\t' read -r _ killed lived score <<<"$summary"
echo "$folder: $killed killed, $lived survived or not covered, score $score%${baseline:+ (with the kills of $baseline)}"
{
  echo "folder: $folder"
  echo "files: ${*:-all}"
  echo "tests: ${MUTATION_TESTS:-all of GitStreamSync.Core.Tests}"
  echo "baseline: ${baseline:-none}"
  echo "killed: $killed"
  echo "survived or not covered: $lived"
  echo "score: $score%"
  echo "survivors:"
  merged '| $lived[] | "  \(.place) \(.status) \(.mutator)"'
} >"$out/summary.txt"
[ -f ../../artifacts/mutation/summary.tsv ] || printf 'date\tcommit\tfolder\tfiles\ttests\tkilled\tlived\tscore\n' >../../artifacts/mutation/summary.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD)" "$folder" "${*:-all}" \
  "${MUTATION_TESTS:-all}" "$killed" "$lived" "$score" >>../../artifacts/mutation/summary.tsv

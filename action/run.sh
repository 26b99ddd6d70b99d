#!/usr/bin/env bash
# The run half of the GitHub Action (action.yml): turns the typed inputs into arguments, runs
# gitstreamsync once and writes the step's outputs.
#
# Inputs come as INPUT_* environment variables (action.yml maps them). Every value is passed as
# one argument, never split on spaces or expanded as a glob: a cron such as "17 */6 * * *" or a
# --since "2026-01-01 00:00" arrives as written. Multi-line inputs (registry-mirrors,
# insecure-registries, extra-args) give one value or argument per line.
#
# Outputs ($GITHUB_OUTPUT): exit-code, report-json (path of the JSON report), changed-tags and
# failed-tags (STREAM:TAG, one per line), pull-request-number and pull-request-url (the first
# pull request the run opened or updated).
set -euo pipefail

fail() { echo "::error title=GitStreamSync::$*" >&2; exit 2; }
output_file=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}

# name<<DELIMITER ... DELIMITER: GitHub's form for values that may hold newlines.
output() {
  local delimiter
  delimiter="gitstreamsync_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$output_file"
}

# One argument per non-blank line, as written (a trailing CR from a Windows editor is dropped).
lines() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [ -n "${line//[[:space:]]/}" ] || continue
    printf '%s\0' "$line"
  done <<<"$1"
}

truthy() {
  case "$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" in
    true | yes | 1 | on) return 0 ;;
    false | no | 0 | off | "") return 1 ;;
    *) fail "'$1' is not true or false" ;;
  esac
}

tool=${GITSTREAMSYNC:-gitstreamsync}
command -v "$tool" >/dev/null 2>&1 || fail "no gitstreamsync executable at '$tool'"

command=${INPUT_COMMAND:-sync}
case "$command" in
  sync | plan | validate | render) ;;
  *) fail "command '$command' is not one of sync, plan, validate, render" ;;
esac

# Options that only some commands have: refuse them elsewhere rather than drop them silently.
only_for() { # INPUT_VALUE NAME COMMANDS...
  local value=$1 name=$2
  shift 2
  [ -n "$value" ] || return 0
  local allowed
  for allowed in "$@"; do [ "$command" = "$allowed" ] && return 0; done
  fail "input '$name' does not apply to command '$command' (only: $*)"
}
only_for "${INPUT_SINCE:-}" since sync
only_for "${INPUT_BASE:-}" base sync plan
only_for "${INPUT_GITHUB_API_URL:-}" github-api-url sync
truthy "${INPUT_DRY_RUN:-false}" && only_for yes dry-run sync
truthy "${INPUT_REQUIRE_PULL_REQUEST:-false}" && only_for yes require-pull-request sync

location=${INPUT_REPOSITORY:-}
if [ -z "$location" ]; then
  case "$command" in
    sync | plan) location="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}.git" ;;
    *) location=. ;;
  esac
fi
args=("$command" "$location")

case "$command" in
  sync | plan)
    base=${INPUT_BASE:-}
    # A scheduled run is on the default branch; a dispatched one on the branch it was started on.
    [ -n "$base" ] || [ "${GITHUB_REF_TYPE:-branch}" != branch ] || base=${GITHUB_REF_NAME:-}
    [ -z "$base" ] || args+=(--base "$base")
    # The step applies fail-on itself, from the report (below), so that it can name the tags and
    # annotate; the tool is asked to exit 1 on any tag failure, transient ones included.
    args+=(--fail-on transient)
    ;;
esac

if [ "$command" = sync ]; then
  # The cron that started this run: per-stream schedules and the settings' `schedule:` then pick
  # the streams due in its window. Runs started another way leave it empty (every stream is due).
  [ -z "${INPUT_SCHEDULE:-}" ] || args+=(--schedule "$INPUT_SCHEDULE")
  [ -z "${INPUT_SINCE:-}" ] || args+=(--since "$INPUT_SINCE")
  if [ "${GITHUB_EVENT_NAME:-}" = schedule ] && [ -z "${INPUT_SCHEDULE:-}${INPUT_SINCE:-}" ]; then
    echo "::warning title=GitStreamSync::scheduled run without a schedule input: every stream is resolved, whatever its own schedule says" >&2
  fi
  ! truthy "${INPUT_DRY_RUN:-false}" || args+=(--dry-run)
  ! truthy "${INPUT_REQUIRE_PULL_REQUEST:-false}" || args+=(--require-pull-request)
  [ -z "${INPUT_GITHUB_API_URL:-}" ] || args+=(--github-api-url "$INPUT_GITHUB_API_URL")
fi

[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
while IFS= read -r -d '' mirror; do args+=(--registry-mirror "$mirror"); done < <(lines "${INPUT_REGISTRY_MIRRORS:-}")
while IFS= read -r -d '' host; do args+=(--insecure-registry "$host"); done < <(lines "${INPUT_INSECURE_REGISTRIES:-}")

fail_on=${INPUT_FAIL_ON:-permanent}
case "$fail_on" in
  transient | permanent | never) ;;
  *) fail "fail-on '$fail_on' is not one of transient, permanent, never" ;;
esac

report=""
case "$command" in
  sync | plan | validate)
    report="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gitstreamsync-$command-${GITHUB_RUN_ID:-0}-${GITHUB_RUN_ATTEMPT:-1}.json"
    args+=(-o json)
    ;;
esac
while IFS= read -r -d '' extra; do args+=("$extra"); done < <(lines "${INPUT_EXTRA_ARGS:-}")

# The command line for the log, each argument as a shell would need it quoted.
quoted=""
for arg in "${args[@]}"; do
  if [[ "$arg" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then quoted+=" $arg"; else quoted+=" '${arg//\'/\'\\\'\'}'"; fi
done
echo "gitstreamsync$quoted" >&2

# stdout is the JSON report; stderr (logs, annotations, the pull-request lines) goes to the job
# log and is kept to read the pull requests from.
log=$(mktemp)
status_file=$(mktemp)
set +e
{
  if [ -n "$report" ]; then "$tool" "${args[@]}" 2>&1 1>"$report"; else "$tool" "${args[@]}" 2>&1; fi
  echo $? >"$status_file"
} | tee "$log" >&2
set -e
status=$(cat "$status_file")

changed=""
failed=""
failed_count=""
deferred=0
if [ -n "$report" ] && [ -s "$report" ] && jq -e 'type == "object"' "$report" >/dev/null 2>&1; then
  output report-json "$report"
  # STREAM:TAG by the stream's name (failures carry FILE#NAME keys). Changed: a new digest, not
  # a status note such as a failed import's condition.
  changed=$(jq -r '[.changes[]? | select(.change == "new" or .change == "updated") | "\(.stream | split("#") | last):\(.tag)"] | unique | .[]' "$report")
  failed=$(jq -r '[.failed[]? | "\(.stream | split("#") | last):\(.tag)"] | unique | .[]' "$report")
  failed_count=$(jq -r '[.failed[]?, .problems[]?] | length' "$report")
  deferred=$(jq -r '[.deferred[]?] | length' "$report")
  echo "::group::report $report" >&2
  cat "$report" >&2
  echo "::endgroup::" >&2
else
  output report-json ""
fi
output changed-tags "$changed"
output failed-tags "$failed"

# The first pull request the run opened, updated or left unchanged: from the report's
# pullRequests when it has them, else from the line the tool prints for each
# ("pull request #12 created: https://github.com/OWNER/REPO/pull/12").
pull_request=""
if [ -n "$report" ] && [ -s "$report" ]; then
  pull_request=$(jq -r '[.pullRequests[]? | select(.action == "created" or .action == "updated" or .action == "unchanged")][0] // empty | "\(.number) \(.url)"' "$report" 2>/dev/null || true)
fi
if [ -z "$pull_request" ]; then
  line=$(grep -E -m1 '^pull request #[0-9]+ (created|updated|unchanged): ' "$log" || true)
  [ -z "$line" ] || { line=${line#pull request \#}; pull_request="${line%% *} ${line##*: }"; }
fi
output pull-request-number "${pull_request%% *}"
output pull-request-url "${pull_request#* }"
rm -f "$log" "$status_file"

# The tool exits 1 when any tag failed or was deferred (a transient registry failure, retried
# next run) or a file has a problem; fail-on moves that line. Other codes (2 usage or
# configuration, 3 Git or GitHub, 70 unexpected) always fail the step.
if [ "$status" = 1 ]; then
  case "$fail_on" in
    never)
      echo "::notice title=GitStreamSync::tags failed (see failed-tags); fail-on: never keeps the step green" >&2
      status=0
      ;;
    permanent)
      if [ "$failed_count" = 0 ] && [ "$deferred" -gt 0 ]; then
        echo "::warning title=GitStreamSync::$deferred tag(s) deferred after transient registry failures, retried next run; fail-on: permanent keeps the step green" >&2
        status=0
      fi
      ;;
  esac
fi
output exit-code "$status"
exit "$status"

#!/usr/bin/env bash
# Every command of the Native AOT binary (the one the container image and the release ship) against
# the JIT build of the same commit: the help of every command, --version, validate (text and json),
# get/describe/render/completion over example-repo, resolve and plan (-o json) against a loopback
# docker-registry seeded with example-repo's images, JSON log lines, the worker's /healthz answer and
# state file over a real repository; then tests/demo.sh with the binary: sync through the Git
# smart-HTTP server, pull requests opened, updated and merged on the GitHub fake (the GitHub client
# under Native AOT), get istag and rollback. Where both builds answer the same question, their
# output must be the same bytes and exit code. First the executable's hardening
# (tests/binary-hardening.sh).
#
#   tests/aot-binary.sh AOT_EXECUTABLE       (needs dotnet, curl, python3, git, readelf)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AOT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$AOT" ] || { echo "aot-binary: $1 is not an executable" >&2; exit 2; }
"$ROOT/tests/binary-hardening.sh" "$AOT"
JIT=(dotnet "$ROOT/src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll")
TOOLS=(dotnet "$ROOT/tests/GitStreamSync.Benchmarks/bin/Release/net10.0/GitStreamSync.Benchmarks.dll")
# The JIT build to compare with and the benchmark program's seeding commands: a test run builds
# the first, not always the second.
for project in src/GitStreamSync.Cli tests/GitStreamSync.Benchmarks; do
  dotnet build "$ROOT/$project" -c Release --nologo -v quiet >/dev/null || { echo "aot-binary: $project does not build" >&2; exit 1; }
done
STATE=$(mktemp -d /tmp/gitstreamsync-aot.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$STATE"
}
trap cleanup EXIT
fail() { echo "aot-binary: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_TOKEN GH_TOKEN GITSTREAMSYNC_CACHE_DIR
export NO_COLOR=1
cd "$ROOT"
checked=0

# same ARGS...: both builds, same stdout, stderr and exit code.
same() {
  local aot_code=0 jit_code=0
  "$AOT" "$@" >"$STATE/aot.out" 2>"$STATE/aot.err" || aot_code=$?
  "${JIT[@]}" "$@" >"$STATE/jit.out" 2>"$STATE/jit.err" || jit_code=$?
  if [ -n "${TIMES:-}" ]; then # a plan writes the time of the run into each new status item
    sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$STATE/aot.out" "$STATE/jit.out"
  fi
  [ "$aot_code" = "$jit_code" ] || fail "gitstreamsync $*: exit $aot_code under AOT, $jit_code under JIT: $(head -c 2000 "$STATE/aot.err")"
  cmp -s "$STATE/aot.out" "$STATE/jit.out" || fail "gitstreamsync $*: the output differs: $(diff "$STATE/jit.out" "$STATE/aot.out" | head -20)"
  cmp -s "$STATE/aot.err" "$STATE/jit.err" || fail "gitstreamsync $*: the errors differ: $(diff "$STATE/jit.err" "$STATE/aot.err" | head -20)"
  checked=$((checked + 1))
}

same --version
same --help
for command in validate sync worker resolve plan get rollback render describe completion; do
  same "$command" --help
done
same validate example-repo
same validate example-repo -o json
mkdir -p "$STATE/bad"
printf 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: bad\nspec:\n  tags:\n  - name: "1.0"\n    from: {kind: DockerImage, name: "no such:ref"}\n  - name: [\n' >"$STATE/bad/bad.yaml"
same validate "$STATE/bad"
same validate "$STATE/bad" -o json
stream=$(find example-repo -name '*.yaml' -exec grep -l '^kind: ImageStream$' {} + | head -1)
name=$(awk '/^  name: /{print $2; exit}' "$stream")
for format in table wide yaml json name; do
  same get is example-repo -o "$format"
done
same get is "$name" example-repo -o json
same get istag "myubuntu:16.04" example-repo -o yaml
same describe is "$name" example-repo
same render example-repo --allow-missing
same completion bash

# A registry on loopback with example-repo's images; every host example-repo names is mirror-only.
registry_port=$(free_port)
mkdir -p "$STATE/registry"
printf 'version: 0.1\nlog: {level: warn}\nhttp: {addr: "127.0.0.1:%s", secret: aot-loopback}\nstorage:\n  filesystem: {rootdirectory: "%s"}\n' \
  "$registry_port" "$STATE/registry" >"$STATE/registry.yml"
docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$registry_port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
registry="http://127.0.0.1:$registry_port"
"${TOOLS[@]}" seed-example "$registry" example-repo v1 >/dev/null
mirrors=()
while read -r host; do mirrors+=(--registry-mirror "$host=$registry" --mirror-only "$host"); done < <("${TOOLS[@]}" example-hosts example-repo)
same resolve docker.io/library/ubuntu:16.04 "${mirrors[@]}" --registry-cache "$STATE/cache-resolve" -o json
TIMES=1 same plan example-repo "${mirrors[@]}" --registry-cache "$STATE/cache-plan-cold" -o json
"$AOT" plan example-repo "${mirrors[@]}" --registry-cache "$STATE/cache-aot" -o json >"$STATE/aot-cold.json"
"$AOT" plan example-repo "${mirrors[@]}" --registry-cache "$STATE/cache-aot" -o json >"$STATE/aot-warm.json"
sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$STATE/aot-cold.json" "$STATE/aot-warm.json"
cmp -s "$STATE/aot-cold.json" "$STATE/aot-warm.json" || fail "plan from the registry cache differs from the cold plan"
grep -q '"sha256:' "$STATE/aot-cold.json" || fail "plan -o json names no digest"
checked=$((checked + 1))

# Log lines as JSON (the untyped writer), one object a line.
"$AOT" plan example-repo "${mirrors[@]}" --registry-cache "$STATE/cache-aot" --log-format json --log-level information -o json \
  >/dev/null 2>"$STATE/log.json"
python3 - "$STATE/log.json" <<'PY' || fail "the JSON log lines do not parse: $(head -3 "$STATE/log.json")"
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
assert lines and all("level" in line and "message" in line for line in lines), lines[:2]
PY
checked=$((checked + 1))

# The worker over a real repository: a run every two seconds, /healthz, the state file, SIGTERM.
git init -q --bare --initial-branch=main "$STATE/repo.git"
git init -q --initial-branch=main "$STATE/seed"
cp -a example-repo/. "$STATE/seed/"
git -C "$STATE/seed" add -A
git -C "$STATE/seed" -c user.name=Platform -c user.email=platform@example.invalid commit -q -m "ImageStreams"
git -C "$STATE/seed" push -q "$STATE/repo.git" main
health_port=$(free_port)
"$AOT" worker "$STATE/repo.git" "${mirrors[@]}" --registry-cache "$STATE/cache-aot" --schedule '*/2 * * * * *' \
  --health-port "$health_port" --cache-dir "$STATE/worker" --no-pull-request >"$STATE/worker.log" 2>&1 &
worker=$!
PIDS+=("$worker")
answer=""
for _ in $(seq 300); do
  answer=$(curl -fsS "http://127.0.0.1:$health_port/healthz" 2>/dev/null || true)
  case "$answer" in *'"lastOutcome":"'*) break ;; esac
  sleep 0.2
done
python3 - "$answer" <<'PY' || fail "/healthz answered '$answer' ($(tail -5 "$STATE/worker.log"))"
import json, sys
body = json.loads(sys.argv[1])
assert body["lastOutcome"] == "succeeded", body
assert body["status"] == "ok" and body["lastRunAt"].endswith("Z"), body
PY
state_file=$(find "$STATE/worker" -name worker-state.json | head -1)
[ -n "$state_file" ] || fail "the worker wrote no state file ($(tail -5 "$STATE/worker.log"))"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d, d' "$state_file" || fail "the state file is not JSON: $(head -c 300 "$state_file")"
kill -TERM "$worker"
wait "$worker" || fail "the worker did not stop cleanly on SIGTERM: $(tail -5 "$STATE/worker.log")"
git -C "$STATE/repo.git" rev-parse -q --verify refs/heads/gitstreamsync/main >/dev/null || fail "the worker pushed no branch"
checked=$((checked + 3))
echo "aot-binary: $checked checks against the JIT build, the worker's /healthz and state file: ok"

# Sync, pull requests on the GitHub fake, merge, rollback, get istag: the demo, run with the binary.
DEMO_BINARY="$AOT" tests/demo.sh >"$STATE/demo.log" 2>&1 || { tail -40 "$STATE/demo.log" >&2; fail "tests/demo.sh with the AOT binary failed"; }
# Each merge asks the GitHub fake for the pull request the binary opened (#1 and #2 by sync, #3 by rollback).
[ "$(grep -c -- ' -> main at ' "$STATE/demo.log")" = 3 ] || fail "the demo did not merge three pull requests: $(tail -20 "$STATE/demo.log")"
echo "aot-binary: tests/demo.sh with the AOT binary (sync, pull requests, rollback): ok"

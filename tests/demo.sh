#!/usr/bin/env bash
# demo.sh: GitStreamSync end to end, offline, with one command: commits, pull requests, a rollback.
#
# Starts a loopback container registry (docker-registry), a loopback Git server (lighttpd + git
# http-backend, Basic auth for push) serving example-repo, and a loopback GitHub API (the GitHub
# fake of the tests, repository acme/example), seeds images matching example-repo into the registry
# (which the tool reaches as a mirror of docker.io, quay.io and the Red Hat registries), then:
#   1. runs `gitstreamsync sync`: a commit on gitstreamsync/main, pushed, and pull request #1;
#   2. merges #1 as a reviewer would (main fast-forwarded on the Git server, the merge call on GitHub);
#   3. retags ubuntu:16.04 upstream (a rebuild) and runs `sync` again: pull request #2, one tag;
#   4. runs `sync` a third time: nothing changed upstream, nothing is pushed; then merges #2;
#   5. rolls myubuntu:16.04 back with `gitstreamsync rollback` (pull request #3; webapp-base:build,
#      which follows myubuntu:16.04, moves with it) and merges it;
#   6. runs `sync` once more: it holds the rolled-away digest instead of proposing it again, so
#      there is nothing to propose.
# It prints the commits and the pull requests as a reviewer sees them, and stops everything it
# started (also on Ctrl-C or failure).
# Needs: dotnet, curl, python3; installs git, lighttpd and docker-registry from Debian's packages
# when missing.
#
# DEMO_BINARY=PATH tests/demo.sh runs that executable (a Native AOT publish, say) instead of the
# build, and stops with an error at the first of its commands that does not exit with 0.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=$(mktemp -d /tmp/gitstreamsync-demo.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$STATE"
}
trap cleanup EXIT
# Headings in bold on a terminal only, as the tool itself does: a redirected log stays plain text.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  say() { printf '\n== %s\n' "$*"; }
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; return 1; }

"$ROOT/tests/install-servers.sh"

say "Building"
dotnet build "$ROOT/tests/GitStreamSync.Benchmarks" -c Release -v quiet -nologo >/dev/null
GSS=(dotnet "$ROOT/src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll")
[ -z "${DEMO_BINARY:-}" ] || GSS=("$DEMO_BINARY")
TOOLS=(dotnet "$ROOT/tests/GitStreamSync.Benchmarks/bin/Release/net10.0/GitStreamSync.Benchmarks.dll")

say "Starting a registry on loopback"
REGISTRY_PORT=$(free_port)
mkdir -p "$STATE/registry"
cat > "$STATE/registry.yml" <<YAML
version: 0.1
log: {level: warn}
http: {addr: "127.0.0.1:$REGISTRY_PORT", secret: gitstreamsync-demo}
storage:
  filesystem: {rootdirectory: "$STATE/registry"}
  delete: {enabled: true}
YAML
docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
PIDS+=($!)
wait_port "$REGISTRY_PORT"
REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
echo "$REGISTRY"

say "Starting a Git server on loopback (push needs user gitbot)"
GIT_PORT=$(free_port)
BACKEND=$(git --exec-path)/git-http-backend
mkdir -p "$STATE/git/repos" "$STATE/git/www" "$STATE/git/tmp"
printf 'gitbot:demo-password\n' > "$STATE/git/passwd"
AUTH='auth.require = ( "" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )'
cat > "$STATE/git/lighttpd.conf" <<CONF
server.modules = ( "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi" )
server.bind = "127.0.0.1"
server.port = $GIT_PORT
server.document-root = "$STATE/git/www"
server.upload-dirs = ( "$STATE/git/tmp" )
server.errorlog = "$STATE/git/error.log"
server.stream-request-body = 0
server.feature-flags += ( "auth.delay-invalid-creds" => "disable" )
auth.backend = "plain"
auth.backend.plain.userfile = "$STATE/git/passwd"
alias.url = ( "/git" => "$BACKEND" )
\$HTTP["url"] =~ "^/git" {
  cgi.assign = ( "" => "" )
  setenv.set-environment = ( "GIT_PROJECT_ROOT" => "$STATE/git/repos", "GIT_HTTP_EXPORT_ALL" => "1",
    "GIT_CONFIG_COUNT" => "1", "GIT_CONFIG_KEY_0" => "safe.directory", "GIT_CONFIG_VALUE_0" => "*" )
}
\$HTTP["querystring"] =~ "service=git-receive-pack" { $AUTH }
\$HTTP["url"] =~ "^/git/.*/git-receive-pack\$" { $AUTH }
CONF
lighttpd -D -f "$STATE/git/lighttpd.conf" &
PIDS+=($!)
wait_port "$GIT_PORT"
BARE="$STATE/git/repos/example.git"
git init -q --bare --initial-branch=main "$BARE"
git -C "$BARE" config http.receivepack true
git init -q --initial-branch=main "$STATE/seed"
cp -a "$ROOT/example-repo/." "$STATE/seed/"
git -C "$STATE/seed" add -A
git -C "$STATE/seed" -c user.name=Platform -c user.email=platform@example.invalid commit -q -m "ImageStreams of the platform team"
git -C "$STATE/seed" push -q "$BARE" main
URL="http://127.0.0.1:$GIT_PORT/git/example.git"
echo "$URL"

say "Starting a GitHub API on loopback (repository acme/example, one token)"
"${TOOLS[@]}" github-fake "$STATE/github.url" acme/example demo-token &
PIDS+=($!)
for _ in $(seq 1 150); do [ -s "$STATE/github.url" ] && break; sleep 0.1; done
[ -s "$STATE/github.url" ] || { echo "the GitHub API did not start" >&2; exit 1; }
GITHUB_BASE=$(cat "$STATE/github.url")
echo "$GITHUB_BASE"

say "Seeding images matching example-repo (generation v1)"
"${TOOLS[@]}" seed-example "$REGISTRY" "$ROOT/example-repo" v1
MIRRORS=()
# Every host the examples name is mirror-only: the demo never reaches a real registry, with or without internet.
while read -r host; do MIRRORS+=(--registry-mirror "$host=$REGISTRY" --mirror-only "$host"); done < <("${TOOLS[@]}" example-hosts "$ROOT/example-repo")
export GITSTREAMSYNC_GIT_USERNAME=gitbot GITSTREAMSYNC_GIT_PASSWORD=demo-password
# The loopback API stands in for GitHub Enterprise; nothing from the caller's GitHub setup leaks in.
export GITHUB_API_URL="${GITHUB_BASE}api/v3" GITHUB_REPOSITORY=acme/example GITHUB_TOKEN=demo-token
unset GH_TOKEN GITHUB_SERVER_URL GITHUB_ACTIONS GITHUB_STEP_SUMMARY \
  GITSTREAMSYNC_GITHUB_APP_ID GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY GITSTREAMSYNC_GITHUB_APP_INSTALLATION_ID

gss() {
  set +e; "${GSS[@]}" "$@"; local code=$?; echo "(exit code $code)"; set -e
  [ -z "${DEMO_BINARY:-}" ] || [ "$code" = 0 ] || { echo "demo: $DEMO_BINARY $1 exited with $code" >&2; exit 1; }
}
sync() { gss sync "$URL" "${MIRRORS[@]}" "$@"; }
pull_request() { "${TOOLS[@]}" pull-requests "$GITHUB_API_URL" "$GITHUB_REPOSITORY" "$@"; }
api() { curl -sS -f -H "Authorization: token $GITHUB_TOKEN" -H 'Accept: application/vnd.github+json' "$@"; }
# A reviewer merges pull request $1 as GitHub does on "Merge": the base branch fast-forwards to the
# head branch on the Git server, and GitHub records the pull request as merged.
merge() {
  local head base sha
  read -r head base < <(api "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/pulls/$1" |
    python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["head"]["ref"], p["base"]["ref"])')
  sha=$(git -C "$BARE" rev-parse "refs/heads/$head")
  git -C "$BARE" merge-base --is-ancestor "refs/heads/$base" "$sha"
  git -C "$BARE" update-ref "refs/heads/$base" "$sha"
  api -X PUT -d "{\"sha\":\"$sha\",\"merge_method\":\"merge\"}" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/pulls/$1/merge" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["message"], end="")'
  echo ": $head -> $base at ${sha:0:12}"
}

say "Run 1: gitstreamsync sync $URL ${MIRRORS[*]}"
echo "(the loopback registry answers for every host example-repo names, the image one tag pins by"
echo " digest included, so no run reaches a real registry and each one ends with exit code 0.)"
sync
say "The commit on gitstreamsync/main"
git -C "$BARE" log -1 --stat --format='commit %H%nAuthor: %an <%ae>%n%n%B' gitstreamsync/main
say "Pull request #1 on GitHub (the body is Markdown; the hidden comment at its end is the tool's record)"
pull_request 1

say "A reviewer merges pull request #1"
merge 1

say "Upstream rebuilds ubuntu:16.04 (retag to a new digest)"
"${TOOLS[@]}" seed-example "$REGISTRY" "$ROOT/example-repo" v2 ubuntu:16.04

say "Run 2: only the tags following ubuntu:16.04 change; #1 is merged, so a new pull request"
sync
git -C "$BARE" diff main gitstreamsync/main
say "Pull request #2 on GitHub"
pull_request 2

say "Run 3: nothing changed upstream since run 2 (pull request #2 stays as it is)"
sync

say "A reviewer merges pull request #2"
merge 2

say "The rebuilt ubuntu:16.04 breaks the app: roll myubuntu:16.04 back to its previous image"
echo "(get istag lists the tag's history, newest first; rollback makes items[1] current again)"
"${GSS[@]}" get istag myubuntu:16.04 "$URL"
gss rollback myubuntu:16.04 "$URL"
say "Pull request #3 on GitHub"
pull_request 3

say "A reviewer merges pull request #3"
merge 3

say "Run 4: upstream still serves the rebuilt image; sync holds it for myubuntu:16.04 (\"Held\" below)"
sync
"${GSS[@]}" get istag myubuntu:16.04 "$URL"

say "Pull requests on GitHub"
pull_request
say "History on the server"
git -C "$BARE" log --oneline --graph --all
say "Done; stopping the servers"

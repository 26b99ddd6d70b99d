#!/usr/bin/env bash
# demo.sh: GitStreamSync end to end, offline, with one command.
#
# Starts a loopback container registry (docker-registry) and a loopback Git server (lighttpd +
# git http-backend, Basic auth for push), serves example-repo from it, seeds images matching
# example-repo into the registry (which the tool reaches as a mirror of docker.io, quay.io and the
# Red Hat registries), then:
#   1. runs `gitstreamsync sync` (a commit on gitstreamsync/main, pushed);
#   2. merges that branch as a reviewer would merge the pull request;
#   3. retags ubuntu:16.04 upstream (a rebuild) and runs `sync` again: one new commit, one tag;
#   4. runs `sync` a third time: nothing changed upstream, nothing is pushed.
# It shows the commits and stops everything it started (also on Ctrl-C or failure).
# Needs: dotnet; installs git, lighttpd and docker-registry from Debian's packages when missing.
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
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; return 1; }

"$ROOT/tests/install-servers.sh"

say "Building"
dotnet build "$ROOT/src/GitStreamSync.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/tests/GitStreamSync.Benchmarks" -c Release -v quiet -nologo >/dev/null
GSS=(dotnet "$ROOT/src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll")
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

say "Seeding images matching example-repo (generation v1)"
"${TOOLS[@]}" seed-example "$REGISTRY" "$ROOT/example-repo" v1
MIRRORS=()
while read -r host; do MIRRORS+=(--registry-mirror "$host=$REGISTRY"); done < <("${TOOLS[@]}" example-hosts "$ROOT/example-repo")
export GITSTREAMSYNC_GIT_USERNAME=gitbot GITSTREAMSYNC_GIT_PASSWORD=demo-password

sync() { set +e; "${GSS[@]}" sync "$URL" "${MIRRORS[@]}" "$@"; echo "(exit code $?)"; set -e; }

say "Run 1: gitstreamsync sync $URL ${MIRRORS[*]}"
echo "(example-repo pins one tag to a digest no offline registry holds: it is reported as deferred and"
echo " the run exits 1, as it does whenever some tags fail; every other tag is committed.)"
sync
say "The commit on gitstreamsync/main"
git -C "$BARE" log -1 --stat --format='commit %H%nAuthor: %an <%ae>%n%n%B' gitstreamsync/main

say "A reviewer merges the branch (fast-forward of main)"
git -C "$BARE" update-ref refs/heads/main refs/heads/gitstreamsync/main

say "Upstream rebuilds ubuntu:16.04 (retag to a new digest)"
"${TOOLS[@]}" seed-example "$REGISTRY" "$ROOT/example-repo" v2 ubuntu:16.04

say "Run 2: only the retagged tag changes"
sync
git -C "$BARE" log -1 --format='commit %H%n%n%B' gitstreamsync/main
git -C "$BARE" diff main gitstreamsync/main

say "Run 3: nothing changed upstream since run 2"
sync

say "History on the server"
git -C "$BARE" log --oneline --graph --all
say "Done; stopping the servers"

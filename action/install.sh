#!/usr/bin/env bash
# The install half of the GitHub Action (action.yml): puts a gitstreamsync executable into a folder
# and says where.
#
#   install.sh locate    decide where the tool comes from, write to $GITHUB_OUTPUT:
#                        source (release|build), dir (the folder the executable goes to),
#                        cache-key (for actions/cache), release (the release tag, if any)
#   install.sh install   fill that folder (env INSTALL_SOURCE, INSTALL_DIR, INSTALL_RELEASE from
#                        locate): download the release archive for this runner and check it
#                        against the release's SHA256SUMS, or publish the tool from the action's
#                        own checkout with the .NET SDK
#
# The release is the one tagged like the action's ref (uses: OWNER/gitstreamsync@v1.2.3), or for
# a major or minor ref (@v1, @v1.2) the newest release in that line. Any other ref (a branch, a
# commit, a local `uses: ./`) builds from source. The environment names GitHub sets are read
# here; GITSTREAMSYNC_RELEASES_URL and GITSTREAMSYNC_RELEASES_API replace github.com's release
# download and API addresses (tests point them at a loopback server).
set -euo pipefail

fail() { echo "::error title=GitStreamSync install::$*" >&2; exit 1; }
note() { echo "gitstreamsync install: $*" >&2; }
output() { echo "$1=$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
action_path=${action_path%/}

# The runner's platform as a .NET runtime identifier; the release has one archive per identifier.
runtime_id() {
  case "${RUNNER_OS:-Linux}/${RUNNER_ARCH:-X64}" in
    Linux/X64) echo linux-x64 ;;
    Linux/ARM64) echo linux-arm64 ;;
    macOS/ARM64) echo osx-arm64 ;;
    Windows/X64) echo win-x64 ;;
    *) echo "" ;;
  esac
}

archive_name() { # RID
  case "$1" in
    win-*) echo "gitstreamsync-$1.zip" ;;
    *) echo "gitstreamsync-$1.tar.gz" ;;
  esac
}

# The action's repository and ref. Composite actions do not always see GITHUB_ACTION_REPOSITORY
# and GITHUB_ACTION_REF in their run steps; the runner keeps every action it downloads under
# _actions/OWNER/REPO/REF, so the path says it too.
action_repository=${GITHUB_ACTION_REPOSITORY:-}
action_ref=${GITHUB_ACTION_REF:-}
if [ -z "$action_repository" ] || [ -z "$action_ref" ]; then
  case "$action_path" in
    */_actions/*/*/*)
      tail=${action_path##*/_actions/}
      action_repository=${tail%/*}
      action_ref=${tail##*/}
      ;;
  esac
fi

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

fetch() { # URL FILE -> curl's HTTP status ("000" when nothing answered)
  curl -sSL --retry 3 --retry-connrefused -o "$2" -w '%{http_code}' "$1" 2>/dev/null || true
}

releases_url() { echo "${GITSTREAMSYNC_RELEASES_URL:-${GITHUB_SERVER_URL:-https://github.com}/$action_repository/releases/download}"; }

# The release tag for the action's ref, or nothing when no release matches.
find_release() {
  local sums status
  sums=$(mktemp)
  status=$(fetch "$(releases_url)/$action_ref/SHA256SUMS" "$sums")
  rm -f "$sums"
  if [ "$status" = 200 ]; then
    echo "$action_ref"
    return
  fi
  [[ "$action_ref" =~ ^v[0-9]+(\.[0-9]+)?$ ]] || return 0
  # A major or minor line: the newest published (not draft, not pre-release) release in it.
  local api=${GITSTREAMSYNC_RELEASES_API:-${GITHUB_API_URL:-https://api.github.com}/repos/$action_repository/releases}
  local list auth=()
  list=$(mktemp)
  [ -z "${GITHUB_TOKEN:-}" ] || auth=(-H "Authorization: Bearer $GITHUB_TOKEN")
  status=$(curl -sSL --retry 3 "${auth[@]}" -H 'Accept: application/vnd.github+json' -o "$list" -w '%{http_code}' "$api?per_page=100" 2>/dev/null || true)
  if [ "$status" = 200 ]; then
    jq -r --arg line "$action_ref." '[.[] | select((.draft | not) and (.prerelease | not) and (.tag_name | startswith($line)))][0].tag_name // empty' "$list"
  fi
  rm -f "$list"
}

# What a build depends on: the action's sources (its checkout has no .git to name a commit).
source_hash() {
  (cd "$action_path" && find src Directory.Build.props Directory.Packages.props global.json -type f \
    ! -path '*/bin/*' ! -path '*/obj/*' -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 cat | sha256_of /dev/stdin)
}

locate() {
  local rid release
  rid=$(runtime_id)
  release=""
  if [ -n "$rid" ] && [ -n "$action_repository" ] && [ -n "$action_ref" ]; then
    release=$(find_release)
  fi
  local tools=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/gitstreamsync
  if [ -n "$release" ]; then
    note "release $release of $action_repository, $(archive_name "$rid")"
    output source release
    output release "$release"
    output dir "$tools/$release/$rid"
    output cache-key "gitstreamsync-release-$release-$rid"
  else
    local hash
    hash=$(source_hash)
    note "no release for ${action_ref:-this ref}${rid:+ on $rid}: building from the action's sources (${hash:0:12})"
    output source build
    output release ""
    output dir "$tools/build/$hash"
    output cache-key "gitstreamsync-build-$hash-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}"
  fi
}

install_release() {
  local rid=$1 release=$2 dir=$3 asset work status expected actual
  asset=$(archive_name "$rid")
  work=$(mktemp -d)
  status=$(fetch "$(releases_url)/$release/SHA256SUMS" "$work/SHA256SUMS")
  [ "$status" = 200 ] || fail "SHA256SUMS of release $release: HTTP $status"
  status=$(fetch "$(releases_url)/$release/$asset" "$work/$asset")
  [ "$status" = 200 ] || fail "$asset of release $release: HTTP $status"
  expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name {print $1}' "$work/SHA256SUMS")
  [ -n "$expected" ] || fail "SHA256SUMS of release $release has no line for $asset"
  actual=$(sha256_of "$work/$asset")
  [ "$actual" = "$expected" ] || fail "$asset of release $release: SHA-256 $actual, SHA256SUMS says $expected; not installed"
  mkdir -p "$dir"
  case "$asset" in
    *.zip) unzip -q -o "$work/$asset" -d "$dir" ;;
    *) tar -xzf "$work/$asset" -C "$dir" ;;
  esac
  rm -rf "$work"
  note "installed $asset of release $release (SHA-256 $actual) into $dir"
}

install_build() {
  local dir=$1
  command -v dotnet >/dev/null 2>&1 || fail "building from source needs the .NET SDK (actions/setup-dotnet)"
  mkdir -p "$dir"
  note "dotnet publish $action_path/src/GitStreamSync.Cli -> $dir"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$action_path/src/GitStreamSync.Cli" \
    -c Release -o "$dir" --nologo -v quiet -p:DebugType=none >&2
}

case "${1:-}" in
  locate) locate ;;
  install)
    dir=${INSTALL_DIR:?INSTALL_DIR is not set}
    if [ "${INSTALL_SOURCE:?INSTALL_SOURCE is not set}" = release ]; then
      install_release "$(runtime_id)" "${INSTALL_RELEASE:?INSTALL_RELEASE is not set}" "$dir"
    else
      install_build "$dir"
    fi
    exe="$dir/gitstreamsync"
    [ -x "$exe" ] || [ -x "$exe.exe" ] || fail "no gitstreamsync executable in $dir after the install"
    ;;
  *) echo "usage: install.sh locate|install" >&2; exit 2 ;;
esac

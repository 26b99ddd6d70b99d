#!/usr/bin/env bash
# Installs the tool the way users get it from NuGet and runs it: `dotnet tool install` from a
# folder holding only the package, into a clean tool path, then `gitstreamsync --version`.
# A package with a wrong command name, missing README/icon/license/repository, or a version that
# is not the one built fails here.
#
#   tests/tool-package.sh                 pack the Release build already made (dotnet pack --no-build)
#                                         and check it: version from Directory.Build.props, commit
#                                         from this checkout
#   tests/tool-package.sh FEED VERSION    check a package made elsewhere (the release workflow's)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "tool-package: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -eq 0 ]; then
  feed="$work/feed"
  version=$(dotnet msbuild src/GitStreamSync.Cli -getProperty:Version -p:Configuration=Release)
  dotnet pack src/GitStreamSync.Cli -c Release --no-build --no-restore -o "$feed" --nologo -v quiet
elif [ $# -eq 2 ]; then
  feed=$(cd "$1" && pwd)
  version=$2
else
  fail "usage: tests/tool-package.sh [FEED VERSION]"
fi

package="$feed/gitstreamsync.$version.nupkg"
[ -f "$package" ] || package="$feed/GitStreamSync.$version.nupkg"
[ -f "$package" ] || fail "no GitStreamSync.$version.nupkg in $feed: $(ls "$feed")"

# Only the package folder and nuget.org: the tool's dependencies travel inside a tool package, so
# nothing else may be needed.
tools="$work/tools"
dotnet tool install GitStreamSync --version "$version" --tool-path "$tools" --add-source "$feed" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "dotnet tool install failed"; }

printed=$("$tools/gitstreamsync" --version)
echo "tool-package: installed $(basename "$package") ($(du -k "$package" | cut -f1) KiB); gitstreamsync --version: $printed"
case "$printed" in
  "$version+"*) ;;
  *) fail "--version printed '$printed', expected $version+<commit>" ;;
esac
commit=${printed#"$version+"}
[[ "$commit" =~ ^[0-9a-f]{40}$ ]] || fail "--version carries no commit id: '$printed'"
if [ $# -eq 0 ] && head=$(git rev-parse HEAD 2>/dev/null); then
  [ "$commit" = "$head" ] || fail "--version names commit $commit, the checkout is at $head"
fi

# What nuget.org shows on the package page comes from these.
store=$(find "$tools/.store" -iname 'gitstreamsync.nuspec' -print -quit)
[ -n "$store" ] || fail "the installed package has no nuspec"
nuspec=$(cat "$store")
contents=$(dirname "$store")
for expected in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<icon>icon.png</icon>' \
  '<repository type="git" url="https://github.com/' '<packageType name="DotnetTool" />'; do
  grep -qF "$expected" <<<"$nuspec" || fail "the nuspec lacks $expected"
done
[ -s "$contents/README.md" ] || fail "README.md is not in the package"
[ -s "$contents/icon.png" ] || fail "icon.png is not in the package"
grep -q 'Command Name="gitstreamsync"' "$contents"/tools/*/any/DotnetToolSettings.xml || fail "the tool command is not gitstreamsync"

"$tools/gitstreamsync" --help | grep -q '^  sync ' || fail "the installed tool's --help lists no sync command"
echo "tool-package: ok"

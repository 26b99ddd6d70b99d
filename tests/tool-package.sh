#!/usr/bin/env bash
# Installs the tool the way users get it from NuGet and runs it: `dotnet tool install` from a
# folder holding only the packages, into a clean tool path. The GitStreamSync package names one
# package per platform; on this machine the install must take GitStreamSync.linux-x64, compiled
# ahead of time (ReadyToRun images for linux-x64, or a Native AOT executable), not the portable
# build. Then GitStreamSync.any alone, as a platform without a package of its own gets it: it must
# install and run too. A package with a wrong command name, missing README/icon/license/repository,
# a missing platform, or a version that is not the one built fails here.
#
#   tests/tool-package.sh                 pack this checkout (dotnet pack, after the Release build)
#                                         and check it: version from Directory.Build.props, commit
#                                         from this checkout, linux-x64 ReadyToRun
#   tests/tool-package.sh FEED VERSION [native]
#                                         check packages made elsewhere (the release workflow's,
#                                         whose linux-x64 package is Native AOT: native)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "tool-package: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

linux_x64=readytorun
if [ $# -eq 0 ]; then
  feed="$work/feed"
  version=$(dotnet msbuild src/GitStreamSync.Cli -getProperty:Version -p:Configuration=Release)
  # Not --no-build: each platform package is compiled here, from the Release build's assemblies.
  dotnet pack src/GitStreamSync.Cli -c Release -o "$feed" --nologo -v quiet
elif [ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = native ]; }; then
  feed=$(cd "$1" && pwd)
  version=$2
  [ $# -eq 2 ] || linux_x64=native
else
  fail "usage: tests/tool-package.sh [FEED VERSION [native]]"
fi

platforms="linux-x64 linux-arm64 osx-arm64 win-x64 any"
package_file() { # the package of that id in the feed (NuGet keeps the id's case in the file name)
  local file
  file=$(find "$feed" -maxdepth 1 -iname "$1.$version.nupkg" -print -quit)
  [ -n "$file" ] || fail "no $1.$version.nupkg in $feed: $(ls "$feed")"
  echo "$file"
}
sizes=""
for id in GitStreamSync $(printf 'GitStreamSync.%s ' $platforms); do
  file=$(package_file "$id")
  sizes+=" $id $(($(stat -c %s "$file") / 1024)) KiB;"
done
echo "tool-package: packages:${sizes%;}"

# u16/u32 FILE OFFSET: a little-endian word of the file. ready_to_run FILE [RID]: the PE's CLI
# header names a ManagedNativeHeader holding the ReadyToRun signature ("RTR"), and the PE's machine
# is the RID's processor as ReadyToRun writes it for the RID's system (the machine XOR a per-system
# value): code compiled ahead of time for that platform. Without a RID: for any platform.
u16() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
file_offset() { # FILE RVA SECTIONS COUNT: the RVA's offset in the file, through the section table
  local i s va size
  for ((i = 0; i < $4; i++)); do
    s=$(($3 + 40 * i))
    size=$(u32 "$1" $((s + 8))); va=$(u32 "$1" $((s + 12)))
    if (($2 >= va && $2 < va + size)); then echo $(($2 - va + $(u32 "$1" $((s + 20))))); return 0; fi
  done
  return 1
}
ready_to_run() {
  local file=$1 machine pe optional directories sections count cli cor native
  case "${2:-}" in
    linux-x64) machine=$((0x8664 ^ 0x7B79)) ;;
    linux-arm64) machine=$((0xAA64 ^ 0x7B79)) ;;
    osx-arm64) machine=$((0xAA64 ^ 0x4644)) ;;
    win-x64) machine=$((0x8664)) ;;
    "") machine="" ;;
    *) fail "ready_to_run: no machine known for $2" ;;
  esac
  [ "$(u16 "$file" 0)" = 23117 ] || return 1 # MZ
  pe=$(u32 "$file" 60)
  [ "$(u32 "$file" "$pe")" = 17744 ] || return 1 # PE\0\0
  [ -z "$machine" ] || [ "$(u16 "$file" $((pe + 4)))" = "$machine" ] || return 1
  count=$(u16 "$file" $((pe + 6)))
  optional=$((pe + 24))
  sections=$((optional + $(u16 "$file" $((pe + 20)))))
  [ "$(u16 "$file" "$optional")" = 523 ] || return 1 # PE32+
  directories=$((optional + 112))
  cli=$(u32 "$file" $((directories + 14 * 8)))
  cor=$(file_offset "$file" "$cli" "$sections" "$count") || return 1
  native=$(u32 "$file" $((cor + 64)))
  [ "$native" != 0 ] || return 1
  native=$(file_offset "$file" "$native" "$sections" "$count") || return 1
  [ "$(u32 "$file" "$native")" = 5395538 ] # RTR\0
}

# The other platforms' packages cannot be run here: their tool's own assembly must be compiled for
# them (or, in a Native AOT package, be a native executable with no assembly beside it).
mkdir -p "$work/platforms"
for platform in linux-arm64 osx-arm64 win-x64; do
  python3 - "$(package_file "GitStreamSync.$platform")" "$work/platforms/$platform" <<'EOF'
import sys, zipfile
package, target = sys.argv[1:]
with zipfile.ZipFile(package) as z:
    for name in z.namelist():
        file = name.rsplit("/", 1)[-1]
        if name.startswith("tools/") and file in ("gitstreamsync.dll", "gitstreamsync", "gitstreamsync.exe"):
            with open(target + "." + file, "wb") as out:
                out.write(z.read(name))
EOF
  if [ -f "$work/platforms/$platform.gitstreamsync.dll" ]; then
    ready_to_run "$work/platforms/$platform.gitstreamsync.dll" "$platform" ||
      fail "GitStreamSync.$platform holds a gitstreamsync.dll not compiled ahead of time for $platform"
  else
    [ -f "$work/platforms/$platform.gitstreamsync" ] || [ -f "$work/platforms/$platform.gitstreamsync.exe" ] ||
      fail "GitStreamSync.$platform holds no gitstreamsync"
  fi
done

# install TOOLS FEED: only that folder as the source, so nothing comes from anywhere else (the
# tool's dependencies travel inside its packages) and no other feed's package of the same id
# can be taken instead.
install() {
  dotnet tool install GitStreamSync --version "$version" --tool-path "$1" --source "$2" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "dotnet tool install from $2 failed"; }
}
check_version() {
  local printed commit
  printed=$("$1" --version)
  case "$printed" in
    "$version+"*) ;;
    *) fail "$2: --version printed '$printed', expected $version+<commit>" ;;
  esac
  commit=${printed#"$version+"}
  [[ "$commit" =~ ^[0-9a-f]{40}$ ]] || fail "$2: --version carries no commit id: '$printed'"
  if [ "$feed" = "$work/feed" ] && head=$(git rev-parse HEAD 2>/dev/null); then
    [ "$commit" = "$head" ] || fail "$2: --version names commit $commit, the checkout is at $head"
  fi
  echo "$printed"
}

tools="$work/tools"
install "$tools" "$feed"
store="$tools/.store/gitstreamsync/$version"

# What nuget.org shows on the package page comes from the GitStreamSync package's nuspec.
nuspec=$(cat "$(find "$store/gitstreamsync/$version" -maxdepth 1 -iname gitstreamsync.nuspec -print -quit)") || fail "the installed package has no nuspec"
for expected in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<icon>icon.png</icon>' \
  '<repository type="git" url="https://github.com/' '<packageType name="DotnetTool" />'; do
  grep -qF "$expected" <<<"$nuspec" || fail "the nuspec lacks $expected"
done
[ -s "$store/gitstreamsync/$version/README.md" ] || fail "README.md is not in the package"
[ -s "$store/gitstreamsync/$version/icon.png" ] || fail "icon.png is not in the package"
settings=$(cat "$store"/gitstreamsync/"$version"/tools/any/any/DotnetToolSettings.xml) || fail "the GitStreamSync package has no tools/any/any/DotnetToolSettings.xml"
grep -q 'Command Name="gitstreamsync"' <<<"$settings" || fail "the tool command is not gitstreamsync"
for platform in $platforms; do
  grep -qF "RuntimeIdentifier=\"$platform\" Id=\"GitStreamSync.$platform\"" <<<"$settings" ||
    fail "the GitStreamSync package names no package for $platform"
done

# This machine is linux-x64: its package, compiled ahead of time, is what got installed.
installed=$(cd "$store" && ls -d gitstreamsync.* 2>/dev/null | tr '\n' ' ')
[ "$installed" = "gitstreamsync.linux-x64 " ] || fail "installed ${installed:-nothing} beside the GitStreamSync package, expected gitstreamsync.linux-x64"
bin=$(dirname "$(find "$store/gitstreamsync.linux-x64/$version/tools" -name DotnetToolSettings.xml -print -quit)")
grep -q 'Command Name="gitstreamsync" EntryPoint="gitstreamsync" Runner="executable"' "$bin/DotnetToolSettings.xml" ||
  fail "the linux-x64 package does not start its own executable: $(cat "$bin/DotnetToolSettings.xml")"
grep -qF '<packageType name="DotnetToolRidPackage" />' "$(find "$store/gitstreamsync.linux-x64/$version" -maxdepth 1 -iname gitstreamsync.linux-x64.nuspec -print -quit)" ||
  fail "GitStreamSync.linux-x64 is not a platform package of the tool"
if [ "$linux_x64" = native ]; then
  [ "$(od -An -c -N4 "$bin/gitstreamsync" | tr -d ' ')" = '177ELF' ] || fail "the linux-x64 package's gitstreamsync is not a native executable"
  [ ! -e "$bin/gitstreamsync.dll" ] || fail "the Native AOT linux-x64 package carries gitstreamsync.dll"
  form="Native AOT executable"
else
  for assembly in gitstreamsync GitStreamSync.Core GitStreamSync.Adapters YamlDotNet LibGit2Sharp Octokit System.CommandLine; do
    ready_to_run "$bin/$assembly.dll" linux-x64 || fail "$assembly.dll of the linux-x64 package is not ReadyToRun for linux-x64"
  done
  form="ReadyToRun for linux-x64"
fi
printed=$(check_version "$tools/gitstreamsync" GitStreamSync.linux-x64)
echo "tool-package: installed GitStreamSync.linux-x64 ($form); gitstreamsync --version: $printed"
"$tools/gitstreamsync" --help | grep -q '^  sync ' || fail "the installed tool's --help lists no sync command"
"$tools/gitstreamsync" validate example-repo >"$work/validate.log" || { cat "$work/validate.log" >&2; fail "validate example-repo failed"; }
grep -qx 'no problems' "$work/validate.log" || fail "validate example-repo: $(cat "$work/validate.log")"

# A platform without a package of its own (linux-musl-x64, osx-x64, win-arm64...) finds only
# "any" among the names its runtime identifier falls back to: the same GitStreamSync package
# naming "any" alone, beside GitStreamSync.any, installs and runs the portable build here.
fallback="$work/fallback"
mkdir -p "$fallback"
cp "$(package_file GitStreamSync.any)" "$fallback/"
python3 - "$(package_file GitStreamSync)" "$fallback/GitStreamSync.$version.nupkg" <<'EOF'
import re, sys, zipfile
source, target = sys.argv[1:]
with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item)
        if item.filename.endswith("DotnetToolSettings.xml"):
            data = re.sub(rb'\s*<RuntimeIdentifierPackage RuntimeIdentifier="(?!any")[^"]*" Id="[^"]*" />', b"", data)
        zout.writestr(item, data)
EOF
install "$work/fallback-tools" "$fallback"
installed=$(cd "$work/fallback-tools/.store/gitstreamsync/$version" && ls -d gitstreamsync.* 2>/dev/null | tr '\n' ' ')
[ "$installed" = "gitstreamsync.any " ] || fail "the fallback installed ${installed:-nothing}, expected gitstreamsync.any"
portable=$(find "$work/fallback-tools/.store/gitstreamsync/$version/gitstreamsync.any" -name gitstreamsync.dll -print -quit)
[ -n "$portable" ] && ! ready_to_run "$portable" || fail "GitStreamSync.any does not hold the portable build"
printed=$(check_version "$work/fallback-tools/gitstreamsync" GitStreamSync.any)
echo "tool-package: installed GitStreamSync.any alone (portable); gitstreamsync --version: $printed"
"$work/fallback-tools/gitstreamsync" validate example-repo | grep -qx 'no problems' || fail "GitStreamSync.any: validate example-repo failed"
echo "tool-package: ok"

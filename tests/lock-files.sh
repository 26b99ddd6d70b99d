#!/usr/bin/env bash
# A restore for one platform, as `dotnet publish -r RID` runs it (README's measurements publish
# that way), succeeds in CI's locked mode and leaves every committed packages.lock.json as it is:
# the libraries' lock files name no platform, and such a restore keeps its own under obj/
# (Directory.Build.targets). Without that, a local publish rewrote them and the next CI run failed
# with NU1004.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "lock-files: $*" >&2; exit 1; }

sums() { find src tests -name packages.lock.json -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z | xargs -0 sha256sum; }

before=$(sums)
# The restore `dotnet publish src/GitStreamSync.Cli -c Release -r linux-x64 --self-contained false`
# runs first (`dotnet restore -r` would ask for other platforms than publish does).
CI=true dotnet msbuild src/GitStreamSync.Cli -t:Restore -nologo -v:quiet \
  -p:Configuration=Release -p:RuntimeIdentifier=linux-x64 -p:SelfContained=false -p:_IsPublishing=true \
  || fail "a restore for linux-x64 failed in locked mode"
after=$(sums)
[ "$before" = "$after" ] || fail "a restore for linux-x64 changed committed lock files: $(diff <(echo "$before") <(echo "$after") | grep '^>' | awk '{print $3}' | tr '\n' ' ')"
echo "lock-files: a restore for one platform leaves the committed lock files as they are: ok"

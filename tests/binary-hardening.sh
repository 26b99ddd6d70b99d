#!/usr/bin/env bash
# The hardening a security team checks on a native executable before it runs, held for the Native
# AOT binary the container image and the release ship: position-independent (the kernel loads it
# at a random address, ASLR), full RELRO (relocations resolved at start, then their tables made
# read-only: BIND_NOW and a GNU_RELRO segment) and a stack that is not executable (GNU_STACK
# without E). A non-PIE build starts faster (its data needs no relocating; README, Measurements);
# this check keeps that trade from being made by accident.
#
#   tests/binary-hardening.sh EXECUTABLE      (needs readelf, from binutils)
set -euo pipefail
exe=$1
fail() { echo "binary-hardening: $exe: $*" >&2; exit 1; }
header=$(readelf -hW "$exe") || fail "not an ELF file"
segments=$(readelf -lW "$exe")
dynamic=$(readelf -dW "$exe")
grep -Eq '^ *Type: +DYN ' <<<"$header" || fail "not position-independent (ELF type $(awk '/Type:/{print $2}' <<<"$header")): it loads at a fixed address"
grep -q 'INTERP' <<<"$segments" || fail "no program interpreter: a shared library, not an executable"
grep -Eq 'FLAGS_1\).*\bPIE\b' <<<"$dynamic" || fail "not marked PIE in its dynamic section"
grep -q 'GNU_RELRO' <<<"$segments" || fail "no RELRO segment"
grep -Eq '\(FLAGS\).*\bBIND_NOW\b|FLAGS_1\).*\bNOW\b' <<<"$dynamic" || fail "partial RELRO only (not BIND_NOW)"
stack=$(grep 'GNU_STACK' <<<"$segments") || fail "no GNU_STACK segment, so the stack may be executable"
grep -Eq 'GNU_STACK.* RWE? ' <<<"$stack" || fail "unexpected GNU_STACK flags: $stack"
grep -Eq 'GNU_STACK.* RWE ' <<<"$stack" && fail "executable stack"
echo "binary-hardening: $(basename "$exe"): PIE, full RELRO, non-executable stack"

#!/usr/bin/env bash
# Fuzzes the parsers of outside text with afl++ and SharpFuzz:
#   tests/fuzz.sh HARNESS SECONDS     one harness (tests/fuzz.sh --list names them)
#   tests/fuzz.sh all SECONDS         every harness, SECONDS each (./test.sh runs this briefly)
# Each run starts from the harness's seed corpus (tests/GitStreamSync.Fuzz/corpus/HARNESS) with its
# dictionary, at low priority, and stops by itself. Findings land in artifacts/fuzz/HARNESS/; any
# crash or hang is copied to tests/GitStreamSync.Fuzz/regressions/HARNESS/ (commit it with a fix:
# the regression test replays that folder) and makes the script fail. One line per harness, with
# its executions, is appended to artifacts/fuzz/summary.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
project=tests/GitStreamSync.Fuzz
bin=artifacts/fuzz/bin

if [ "${1:-}" = "--list" ]; then
  exec dotnet run --project "$project" -c Release -- --list
fi
harness="${1:?usage: tests/fuzz.sh HARNESS|all SECONDS}"
seconds="${2:?usage: tests/fuzz.sh HARNESS|all SECONDS}"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++ (tests/install-servers.sh does)" >&2; exit 2; }

# Publish once per source state, then instrument the assemblies that parse outside text (the
# product's and YamlDotNet) so that afl++ sees which branches each input reaches.
stamp=$(git ls-files -s src "$project" Directory.Packages.props | git hash-object --stdin)
if [ "$(cat "$bin/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$bin"
  nice -n 10 dotnet publish "$project" -c Release -o "$bin" --nologo -v quiet >/dev/null
  dotnet tool restore >/dev/null
  for assembly in GitStreamSync.Core GitStreamSync.Adapters YamlDotNet; do
    nice -n 10 dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null
  done
  echo "$stamp" > "$bin/.stamp"
fi

if [ "$harness" = all ]; then
  harnesses=$("$bin/GitStreamSync.Fuzz" --list)
else
  harnesses="$harness"
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1 DOTNET_TieredPGO=0
mkdir -p artifacts/fuzz
failed=0
for name in $harnesses; do
  out="artifacts/fuzz/$name"
  rm -rf "$out"
  # -t: generous, as the machine may be busy (parsers take microseconds); -V: stop after SECONDS.
  nice -n 10 timeout --kill-after=30 $((seconds + 120)) afl-fuzz -V "$seconds" -t 2000 -m none \
    -i "$project/corpus/$name" -o "$out" -x "$project/dictionaries/$name.dict" \
    -- "$bin/GitStreamSync.Fuzz" "$name" >"artifacts/fuzz/$name.log" 2>&1 || {
      echo "$name: afl-fuzz failed, see artifacts/fuzz/$name.log" >&2; tail -n 20 "artifacts/fuzz/$name.log" >&2; failed=1; continue; }
  stats="$out/default/fuzzer_stats"
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)
  paths=$(awk -F' *: *' '$1=="corpus_count"{print $2}' "$stats")
  printf '%s\t%s\t%s s\t%s execs\t%s paths\t%s crashes\t%s hangs\n' "$(date -u +%FT%TZ)" "$name" "$seconds" "$execs" "$paths" "$crashes" "$hangs" | tee -a artifacts/fuzz/summary.tsv
  if [ $((crashes + hangs)) -gt 0 ]; then
    failed=1
    mkdir -p "$project/regressions/$name"
    for finding in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
      [ -f "$finding" ] || continue
      cp "$finding" "$project/regressions/$name/$(sha256sum "$finding" | cut -c1-16)"
    done
    echo "$name: findings copied to $project/regressions/$name; replay: dotnet $bin/GitStreamSync.Fuzz.dll $name $project/regressions/$name" >&2
  fi
done
exit $failed

#!/usr/bin/env bash
# Fuzzes the four inputs that can come from anyone: a runbook (the compiler front end to its
# reports and plan), a plan file (the plan loader), a proof (`drbook verify`) and a Markdown
# runbook (`drbookc import`, whose program must always parse). Builds the
# libFuzzer targets of tests/fuzz/ with clang under ASan and UBSan (in build-fuzz/), then runs
# each for SECONDS (default 60). The corpus grows in build-fuzz/corpus/ from run to run; an
# input that crashes a target is kept in build-fuzz/crashes/ and fails the run.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]     TARGET: compile, plan, proof, import (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(compile plan proof import)

tools/setup.sh >/dev/null # the packages and the ordinary build, which makes the seeds
export DRBOOK_BUILD_DIR=build-fuzz
fuzz=$DRBOOK_BUILD_DIR
if [ ! -f "$fuzz/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDRBOOK_FUZZ=ON >/dev/null
fi
cmake --build "$fuzz" -j "${DRBOOK_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

# Seeds: every runbook of the project, the plans drbookc builds from the examples, and a real
# proof's journal. The dictionary is the grammar's keywords and punctuation.
seed_corpus() {
  local corpus=$fuzz/corpus/$1
  mkdir -p "$corpus"
  cp tests/fuzz/regressions/"$1"/* "$corpus"/ 2>/dev/null || true
  case $1 in
  compile)
    find examples stdlib tests -name '*.drbook' -size -64k -exec cp -t "$corpus" {} + 2>/dev/null || true
    ;;
  plan)
    for f in examples/*/*.drbook tests/fuzz/proof.drbook; do
      build/bin/drbookc build "$f" -o "$corpus/$(echo "$f" | tr / _).json" >/dev/null 2>&1 || true
    done
    ;;
  proof)
    cp "$fuzz/template/proof/events.jsonl" "$corpus/journal.jsonl"
    ;;
  import)
    find tests/lit/import/Inputs -name '*.md' -exec cp -t "$corpus" {} +
    ;;
  esac
}
DRBOOK=build/bin/drbook bash tests/fuzz/make-proof.sh "$fuzz/template" >/dev/null
export DRBOOK_FUZZ_PROOF=$fuzz/template/proof
grep -o "'[^']*'" grammar/Drbook.g4 | sort -u | sed 's/^.\(.*\).$/"\1"/' >"$fuzz/drbook.dict"

mkdir -p "$fuzz/crashes"
status=0
for t in "${targets[@]}"; do
  seed_corpus "$t"
  echo "== fuzz_$t for ${seconds}s"
  start=$(date +%s)
  if ! "$fuzz/fuzz/fuzz_$t" "$fuzz/corpus/$t" -dict="$fuzz/drbook.dict" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$fuzz/crashes/${t}-" -print_final_stats=1 >"$fuzz/fuzz_$t.log" 2>&1; then
    status=1
    grep -E "ERROR|SUMMARY|artifact" "$fuzz/fuzz_$t.log" | head -20
    echo "fuzz_$t: CRASH; the input is in $fuzz/crashes/, the log in $fuzz/fuzz_$t.log"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$fuzz/fuzz_$t.log" | grep -o '[0-9]*$' || echo 0)
  echo "fuzz_$t: $runs inputs in $(($(date +%s) - start))s, corpus $(ls "$fuzz/corpus/$t" | wc -l)"
done
[ $status -eq 0 ] && echo "fuzzing found no crash" || echo "fuzzing found a crash"
exit $status

#!/usr/bin/env bash
# Front-end benchmark: generates a corpus of at least 100k lines of realistic runbooks and
# measures throughput through sema (lines per CPU second, one core) and peak memory, then the
# wall time of `drbookc` on one small file, start-up included.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${DRBOOK_BUILD_DIR:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 tools/bench/gen_corpus.py "$work/corpus" --lines 100000 >/dev/null
echo "== front end: 100k-line corpus, parse only"
taskset -c 0 "$build_dir/bin/drbook-bench-frontend" "$work/corpus" parse 3
echo "== front end: 100k-line corpus, through sema"
taskset -c 0 "$build_dir/bin/drbook-bench-frontend" "$work/corpus" sema 3

corpus=("$work"/corpus/*.drbook)
small=${corpus[0]}
echo "== drbookc on one small file ($(wc -l <"$small") lines), start-up included, best of 20"
best=999999
for _ in $(seq 20); do
  start=$(date +%s%N)
  "$build_dir/bin/drbookc" "$small" -emit=typed >/dev/null
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$ms" -lt "$best" ] && best=$ms
done
echo "small_file_wall_ms $best"

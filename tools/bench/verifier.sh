#!/usr/bin/env bash
# Verifier benchmark: generated step graphs of 10k, 100k and 1M nodes (a tenth of them
# decisions), then `drbookc check` on the 100k-line corpus against the front end alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${DRBOOK_BUILD_DIR:-build}
for n in 10000 100000 1000000; do
  echo "== verifier: $n nodes"
  taskset -c 0 "$build_dir/bin/drbook-bench-verify" "$n"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tools/bench/gen_corpus.py "$work/corpus" --lines 100000 >/dev/null
echo "== front end alone (through sema), 100k-line corpus, one pass"
taskset -c 0 "$build_dir/bin/drbook-bench-frontend" "$work/corpus" sema 1
echo "== drbookc check, same corpus (CPU seconds, user+sys)"
/usr/bin/time -f "check_cpu_seconds %U %S" taskset -c 0 "$build_dir/bin/drbookc" check \
  "$work/corpus" >/dev/null 2>"$work/time" || true
tail -n 1 "$work/time"

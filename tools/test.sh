#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test: GoogleTest units and lit + FileCheck
# integration tests through ctest, then the end-to-end scripts under tests/e2e and the fault
# injection scripts under tests/faults.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
build_dir=${DRBOOK_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j "${DRBOOK_JOBS:-2}"
for t in tests/e2e/*.sh tests/faults/*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  DRBOOK_BUILD_DIR="$build_dir" bash "$t"
done
echo "all tests passed"

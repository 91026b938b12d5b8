#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test: GoogleTest units and lit + FileCheck
# integration tests through ctest, then the end-to-end scripts under tests/e2e and the fault
# injection scripts under tests/faults.
#
# tools/test.sh --sanitize does the same with a build under AddressSanitizer and
# UndefinedBehaviorSanitizer (in build-sanitize/); any report fails the test that hit it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --sanitize ]; then
  export DRBOOK_BUILD_DIR=${DRBOOK_BUILD_DIR:-build-sanitize}
  export DRBOOK_CMAKE_ARGS="-DDRBOOK_SANITIZE=ON"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
fi
tools/setup.sh
build_dir=${DRBOOK_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j "${DRBOOK_JOBS:-2}"
for t in tests/e2e/*.sh tests/faults/*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  DRBOOK_BUILD_DIR="$build_dir" bash "$t"
done
echo "all tests passed"

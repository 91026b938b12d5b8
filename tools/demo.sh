#!/usr/bin/env bash
# The main job: set up the machine, build drbook, and compile every example runbook through
# the front end, printing each one's diagnostics.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
build_dir=${DRBOOK_BUILD_DIR:-build}
drbookc="$build_dir/bin/drbookc"
status=0
for f in $(find examples -name '*.drbook' | sort); do
  if "$drbookc" "$f" -emit=typed >/dev/null; then
    echo "ok      $f"
  else
    echo "FAILED  $f"
    status=1
  fi
done
exit $status

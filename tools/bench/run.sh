#!/usr/bin/env bash
# Runs every benchmark in tools/bench (front end, verifier, interpreter) on a Release build.
# Results are recorded by hand in docs/benchmarks.md with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
for script in tools/bench/*.sh; do
  [ "$(basename "$script")" = run.sh ] && continue
  bash "$script"
done

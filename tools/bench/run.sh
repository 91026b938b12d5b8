#!/usr/bin/env bash
# Builds a Release tree, installs the anchors drbook is measured against (Ansible), and runs
# tools/bench/bench.py, which writes docs/benchmarks.md from the measurement.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
if ! command -v ansible-playbook >/dev/null; then
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo)} apt-get install -y -q ansible-core
fi
python3 tools/bench/bench.py "$@"

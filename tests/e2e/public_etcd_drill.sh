#!/usr/bin/env bash
# The public etcd runbook (examples/public/etcd-quorum-loss), drilled for real: a three-member
# etcd cluster on loopback loses quorum (two members killed, one disk wiped), drbook restores
# it from the scheduled snapshot, the proof verifies, and the keys are the snapshot's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"
command -v etcd >/dev/null || fail "etcd is not installed (tools/setup.sh installs etcd-server)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-etcd.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
drill_public etcd-quorum-loss "$WORK"
grep -q "decide scenario = quorum_lost" "$WORK/drill.out" || fail "the drill did not take the quorum_lost path"
pass "etcd quorum loss: restored from the snapshot, proof verified, keys as in the snapshot"

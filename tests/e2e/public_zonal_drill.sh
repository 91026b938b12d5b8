#!/usr/bin/env bash
# The public zonal-shift runbook (examples/public/zonal-shift), drilled for real: zone a of two
# zones behind a real HAProxy falls into a gray failure; drbook finds it from the per-zone
# signals, adds capacity in zone b, shifts traffic away, waits for zone a to heal and shifts it
# back; the proof verifies and both zones serve again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"
command -v haproxy >/dev/null || fail "haproxy is not installed (tools/setup.sh installs it)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-zonal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
drill_public zonal-shift "$WORK"
grep -q "decide impaired = a" "$WORK/drill.out" || fail "the drill did not find zone a from the per-zone signals"
grep -q "drill: passed" "$WORK/drill.out" || fail "the zones do not both serve after the drill"
pass "zonal shift: traffic left the failing zone and came back once it healed, proof verified"

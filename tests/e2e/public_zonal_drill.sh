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
"$DRBOOKC" check --Werror "$REPO_ROOT/examples/public/zonal-shift/dr.drbook" >"$WORK/check.out" 2>&1 ||
  fail "the zonal runbook does not check clean: $(cat "$WORK/check.out")"
DRBOOK_BUILD_DIR=$BUILD_DIR bash "$REPO_ROOT/examples/public/zonal-shift/drill.sh" "$WORK/drill" \
  >"$WORK/drill.out" 2>&1 || fail "the zonal drill failed: $(tail -30 "$WORK/drill.out")"
grep -q "decide impaired = a" "$WORK/drill.out" || fail "the drill did not find zone a from the per-zone signals"
grep -q "verified (UNSIGNED: integrity only)" "$WORK/drill.out" || fail "the drill's proof was not verified"
grep -q "drill: passed" "$WORK/drill.out" || fail "the zones do not both serve after the drill"
pass "zonal shift: traffic left the failing zone and came back once it healed, proof verified"

#!/usr/bin/env bash
# A drill of the zonal-shift runbook on two zones of real web servers behind a real HAProxy on
# loopback: zone a falls into a gray failure (its health checks pass, its requests fail), so
# users see errors. drbook runs the runbook with answers.json: it finds zone a from the
# per-zone signals, adds capacity in zone b and shifts traffic away from a. Once the shift is
# in place the drill heals zone a (the provider fixing it); the runbook sees its servers answer
# again and shifts traffic back. drbook verify checks the proof; afterwards both zones serve.
#
#   examples/public/zonal-shift/drill.sh [WORKDIR]     (needs haproxy, curl)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=zonal
source "$here/../drill-common.sh"
export ZONAL_DRILL_DIR=$work/zones
zones=$here/zones
healer=""
trap '{ [ -z "$healer" ] || kill "$healer" 2>/dev/null || true; }; "$zones" down >/dev/null 2>&1 || true' EXIT

"$zones" init
echo "drill: zone a in a gray failure: health checks pass, requests fail"
"$zones" impair a
! "$zones" probe-lb 10 >/dev/null || { echo "drill: the failure did not reach users" >&2; exit 1; }

# The provider heals zone a a moment after traffic has left it.
(
  for _ in $(seq 1 600); do
    if ! "$zones" in-service | grep -q a1; then sleep 2; "$zones" repair a; exit 0; fi
    sleep 0.5
  done
) &
healer=$!

status=0
"$bin/drbook" run "$here/dr.drbook" --mode drill --answers "$here/answers.json" \
  --param zones="$zones" --param lb_url="$("$zones" url)" --proof-dir "$work/proof" || status=$?
[ "$status" -eq 0 ] || { echo "drill: the run did not pass (exit $status)" >&2; exit 1; }
"$bin/drbook" verify "$work/proof" --allow-unsigned

serving=$("$zones" in-service)
[ "$serving" = "a1 a2 b1 b2 b3 " ] ||
  { echo "drill: the servers in service are '$serving', not both zones with the added capacity" >&2; exit 1; }
"$zones" probe-lb 20
echo "drill: passed: traffic left zone a while it failed and came back once it healed; proof in $work/proof"

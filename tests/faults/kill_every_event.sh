#!/usr/bin/env bash
# kill -9 at every journal event boundary of a ten-step runbook, then `drbook run --resume`
# until the run ends. Every resumed run must end and verify, no step that is not idempotent
# may run twice (the in-flight one is answered `skip`: the operator says it completed), and
# no process of the killed run may be left once the resumed run has ended. The figures it
# prints are the ones docs/reliability.md reports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-kill.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
{
  echo 'runbook ten "Ten side effects" {'
  echo '  param dir: path'
  echo '  probe last: file "{dir}/s10" expect exists timeout 5s'
  echo '  recovery {'
  for i in 1 2 3 4 5 6 7 8 9 10; do
    idem=""
    [ "$i" -ne 2 ] && [ "$i" -ne 5 ] || idem=" idempotent"
    echo "    run \"echo $i >> {dir}/s$i; sleep 0.05\" timeout 10s$idem"
  done
  echo '  }'
  echo '  validation { must last }'
  echo '}'
} >"$WORK/ten.drbook"
echo '{"resume": {"*": "skip"}}' >"$WORK/resume.json"

# How many events a whole run journals: every boundary from the first to the last.
mkdir -p "$WORK/whole"
"$DRBOOK" run "$WORK/ten.drbook" --param dir="$WORK/whole" --proof-dir "$WORK/whole/proof" --quiet >/dev/null
events=$(wc -l <"$WORK/whole/proof/events.jsonl")

kills=0 resumes=0 verified=0 doubles=0 orphans=0
for k in $(seq 1 "$events"); do
  side=$WORK/side$k proof=$WORK/proof$k
  mkdir -p "$side"
  "$DRBOOK" run "$WORK/ten.drbook" --param dir="$side" --proof-dir "$proof" --quiet \
    >/dev/null 2>&1 &
  pid=$!
  until [ "$({ wc -l <"$proof/events.jsonl"; } 2>/dev/null || echo 0)" -ge "$k" ] || ! kill -0 "$pid" 2>/dev/null; do
    sleep 0.002
  done
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  wait "$pid" 2>/dev/null || true
  for attempt in 1 2 3; do
    rc=0
    "$DRBOOK" run --resume "$proof" --answers "$WORK/resume.json" --quiet >"$WORK/resume$k.log" 2>&1 || rc=$?
    resumes=$((resumes + 1))
    tail -n 1 "$proof/events.jsonl" | grep -q '"kind":"end"' && break
  done
  tail -n 1 "$proof/events.jsonl" | grep -q '"kind":"end"' ||
    fail "killed at event $k: the resumed run did not end: $(cat "$WORK/resume$k.log")"
  "$DRBOOK" verify "$proof" --allow-unsigned >"$WORK/verify$k.log" 2>&1 ||
    fail "killed at event $k: the proof does not verify: $(cat "$WORK/verify$k.log")"
  verified=$((verified + 1))
  for i in 1 3 4 6 7 8 9 10; do
    [ ! -e "$side/s$i" ] || [ "$(wc -l <"$side/s$i")" -le 1 ] || {
      doubles=$((doubles + 1))
      echo "killed at event $k: step $i ran $(wc -l <"$side/s$i") times" >&2
    }
  done
  left=$(processes_of_run "$pid")
  [ -z "$left" ] || orphans=$((orphans + $(echo "$left" | wc -l)))
done
echo "figures: boundaries=$events kills=$kills resumes=$resumes verified=$verified double_executions=$doubles orphans=$orphans"
[ "$doubles" -eq 0 ] || fail "$doubles step(s) that are not idempotent ran twice"
[ "$orphans" -eq 0 ] || fail "$orphans process(es) of killed runs were left"
pass "killed at each of $events event boundaries: every run resumed to its end and verified, nothing ran twice, nothing was left"

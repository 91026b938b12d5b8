#!/usr/bin/env bash
# Loops in a real run: `each` goes through a list one element after another, `parallel each`
# runs its elements side by side (each with its own loop variable), a value with quotes and
# spaces stays data, and a run killed with SIGKILL in the middle of a loop resumes at the
# element it was at: no element is done twice or left out, and the proof verifies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-loops.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

cat >loops.drbook <<'RB'
runbook loops {
  objectives { rto 30m }
  param hosts: list<string> max 4
  param dir: path
  probe ok: cmd "true" expect exit == 0 timeout 5s
  action drain(h: string) "Drain one host" idempotent {
    run "printf '%s\n' {h} >> {dir}/drained; x={h}; if [ \"$x\" = second ] && [ ! -e {dir}/resumed ]; then touch {dir}/paused; sleep 60; fi"
    timeout 5m
  }
  action upgrade(h: string) "Upgrade one host" {
    run "printf '%s\n' {h} > {dir}/upgraded.$$; sleep 0.3"
    timeout 1m
  }
  detection { check ok }
  recovery {
    each h in hosts { do drain(h) }
    parallel each h in hosts { do upgrade(h) }
  }
  validation { must ok }
}
RB
"$DRBOOKC" check --Werror loops.drbook >check.out 2>&1 || fail "check: $(cat check.out)"
THIRD="it's \"third\" \$(touch $WORK/pwned)"
(exec "$DRBOOK" run loops.drbook --mode drill --param hosts="first,second,$THIRD" \
  --param dir="$WORK" --proof-dir proof >run1.out 2>&1) &
pid=$!
for _ in $(seq 1 500); do [ -e paused ] && break; sleep 0.02; done
[ -e paused ] || fail "the run never reached the second element: $(cat run1.out)"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
touch resumed
"$DRBOOK" run --resume proof >run2.out 2>&1 || fail "the resumed run failed: $(cat run2.out)"
[ "$(printf 'first\nsecond\nsecond\n%s\n' "$THIRD")" = "$(cat drained)" ] ||
  fail "the loop did not resume at its element: $(cat drained)"
[ ! -e pwned ] || fail "an element ran as code"
pass "a loop killed at its second element resumes there (the idempotent step runs again)"

[ "$(cat upgraded.* | sort)" = "$(printf 'first\nsecond\n%s\n' "$THIRD" | sort)" ] ||
  fail "parallel each did not do every element once: $(cat upgraded.*)"
python3 - proof/events.jsonl <<'PY' || fail "journal content"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
starts = [e for e in ev if e["kind"] == "action-start" and e["action"] == "upgrade"]
assert len(starts) == 3 and len({e["node"] for e in starts}) == 3, starts
ends = [e for e in ev if e["kind"] == "action-end" and e["action"] == "upgrade"]
first_end = min(ev.index(e) for e in ends)
assert all(ev.index(s) < first_end for s in starts), "the upgrades did not run side by side"
elements = [e for e in ev if e["kind"] == "branch" and "element" in e]
assert [e["value"] for e in elements if e["node"].startswith("recovery/0/")] == [True] * 3 + [False], elements
assert ev[-1]["kind"] == "end" and ev[-1]["status"] == "passed", ev[-1]
PY
"$DRBOOK" verify --allow-unsigned proof >verify.out 2>&1 || fail "verify: $(cat verify.out)"
pass "parallel each runs every element side by side, each its own; the proof verifies"

set +e
"$DRBOOK" run loops.drbook --mode drill --param hosts="a,b,c,d,e" --param dir="$WORK" \
  --proof-dir proof2 >long.out 2>&1
status=$?
set -e
[ "$status" -ne 0 ] || fail "a list longer than its max was accepted"
grep -q "parameter 'hosts' has 5 elements; the runbook declares at most 4" long.out ||
  fail "the refusal does not say why: $(cat long.out)"
pass "a list longer than its declared max is refused before anything runs"
echo "run_loops: all passed"

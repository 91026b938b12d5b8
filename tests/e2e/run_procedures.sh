#!/usr/bin/env bash
# Procedures in a real run: each call binds its own arguments (a hostile one stays data), and a
# run killed with SIGKILL in the middle of a procedure's body resumes there with the call's
# arguments bound again from the journal; the proof verifies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-procedures.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

cat >procs.drbook <<'RB'
runbook procs {
  objectives { rto 30m }
  param dir: path
  param bad: string
  probe ok: cmd "true" expect exit == 0 timeout 5s
  action copy(name: string) "Copy one snapshot" idempotent {
    run "printf '%s\n' {name} >> {dir}/copied"
    timeout 1m
  }
  action hold "Wait for the go-ahead" idempotent {
    run "touch {dir}/paused; while [ ! -e {dir}/go ]; do sleep 0.05; done"
    timeout 5m
  }
  procedure restore_from(snapshot: string, label: string = "plain") "Restore {snapshot}" {
    do copy(snapshot)
    do hold
    do copy(label)
  }
  detection { check ok }
  recovery {
    do restore_from("first")
    do restore_from(bad, "second")
  }
  validation { must ok }
}
RB
"$DRBOOKC" check --Werror procs.drbook >check.out 2>&1 || fail "check: $(cat check.out)"
BAD="it's \"bad\" \$(touch $WORK/pwned); \`touch $WORK/pwned2\`"
touch go
"$DRBOOK" run procs.drbook --mode drill --param dir="$WORK" --param bad="$BAD" \
  --proof-dir p1 >run1.out 2>&1 || fail "run: $(cat run1.out)"
[ "$(cat copied)" = "$(printf 'first\nplain\n%s\nsecond\n' "$BAD")" ] ||
  fail "the calls did not bind their own arguments: $(cat copied)"
[ ! -e pwned ] && [ ! -e pwned2 ] || fail "an argument ran as code"
"$DRBOOK" verify p1 --allow-unsigned >verify1.out 2>&1 || fail "verify: $(cat verify1.out)"
pass "each call binds its own arguments, a hostile one stays data, and the proof verifies"

rm -f go paused copied
("$DRBOOK" run procs.drbook --mode drill --param dir="$WORK" --param bad=again \
  --proof-dir p2 >run2.out 2>&1) &
pid=$!
for _ in $(seq 1 500); do [ -e paused ] && break; sleep 0.02; done
[ -e paused ] || fail "the run never reached the procedure's second step: $(cat run2.out)"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
touch go
"$DRBOOK" run --resume p2 >resume.out 2>&1 || fail "resume: $(cat resume.out)"
[ "$(cat copied)" = "$(printf 'first\nplain\nagain\nsecond\n')" ] ||
  fail "the resumed run lost the call's arguments: $(cat copied)"
"$DRBOOK" verify p2 --allow-unsigned >verify2.out 2>&1 || fail "verify: $(cat verify2.out)"
pass "a run killed inside a procedure resumes there with the call's arguments, and verifies"

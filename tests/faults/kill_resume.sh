#!/usr/bin/env bash
# kill -9 of drbook while a step's command runs: the command's shell dies with drbook, and
# what it started in the background is found by `drbook run --resume`, named and stopped
# before the step is run again (or skipped) as the operator chooses. A daemon that an
# earlier, completed step started is left running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-orphan.XXXXXX")
trap 'kill "$(cat "$WORK/daemon.pid" 2>/dev/null)" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
cd "$WORK"
# Alive and not a zombie (a killed orphan of init stays one until init reaps it).
running() { [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null; }
cat >orphan.drbook <<'RB'
runbook orphan "Orphan" {
  param dir: path
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery {
    run "(setsid sh -c 'echo $$ > {dir}/daemon.pid; exec sleep 300' &); until [ -s {dir}/daemon.pid ]; do sleep 0.01; done; echo daemon >> {dir}/log" timeout 10s
    run "if [ -e {dir}/resumed ]; then echo rerun >> {dir}/log; exit 0; fi; echo start >> {dir}/log; sleep 300 & echo $! > {dir}/bg.pid; wait" timeout 10m
    run "echo last >> {dir}/log" timeout 10s
  }
  validation { must up }
}
RB
"$DRBOOK" run orphan.drbook --param dir="$WORK" --proof-dir proof --quiet >run.log 2>&1 &
pid=$!
wait_for -s bg.pid
[ -s bg.pid ] || fail "the long step never started: $(cat run.log)"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
sleep 0.2
running "$(cat bg.pid)" || fail "nothing was left running, so this proves nothing"

touch resumed
echo '{"resume": {"*": "rerun"}}' >answers.json
"$DRBOOK" run --resume proof --answers answers.json >resume.log 2>&1 || fail "resume failed: $(cat resume.log)"
grep -q "Still running from the interrupted run: pid $(cat bg.pid) sleep 300; stopping it" resume.log ||
  fail "the leftover was not named: $(cat resume.log)"
! running "$(cat bg.pid)" || fail "the leftover of the killed run is still running"
running "$(cat daemon.pid)" || fail "the daemon of a completed step was stopped"
[ "$(tr '\n' ' ' <log)" = "daemon start rerun last " ] || fail "the steps ran as: $(cat log)"
"$DRBOOK" verify proof --allow-unsigned >/dev/null || fail "the resumed proof does not verify"
pass "after kill -9, resume names and stops what the in-flight step left, then reruns it; daemons stay"

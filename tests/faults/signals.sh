#!/usr/bin/env bash
# Every signal that ends a terminal session or asks a program to stop (SIGINT, SIGTERM,
# SIGHUP when the SSH session drops, SIGQUIT, SIGUSR1) stops the running command's process
# group, journals the interruption, says how to resume, and the resumed run completes and
# verifies. A closed stdout (`drbook run … | head`) never stops a run or loses an event.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-signals.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/long.drbook" <<'RB'
runbook long "Long step" {
  param dir: path
  probe here: file "{dir}" expect exists timeout 2s
  recovery {
    run "if [ -e {dir}/resumed ]; then exit 0; fi; sleep 300 & echo $! > {dir}/bg.pid; sleep 300" timeout 10m idempotent
    run "echo done >> {dir}/log" timeout 10s
  }
  validation { must here }
}
RB

for sig in INT TERM HUP QUIT USR1; do
  dir=$WORK/$sig
  mkdir -p "$dir"
  "$DRBOOK" run "$WORK/long.drbook" --param dir="$dir" --proof-dir "$dir/proof" --quiet \
    >"$dir/run.log" 2>&1 &
  pid=$!
  wait_for -s "$dir/bg.pid"
  [ -s "$dir/bg.pid" ] || fail "SIG$sig: the command never started: $(cat "$dir/run.log")"
  kill -"$sig" "$pid"
  rc=0
  wait "$pid" || rc=$?
  want=$((128 + $(kill -l "$sig")))
  [ "$rc" -eq "$want" ] || fail "SIG$sig: exit status $rc, want $want: $(cat "$dir/run.log")"
  ! kill -0 "$(cat "$dir/bg.pid")" 2>/dev/null || fail "SIG$sig: a command outlived drbook"
  tail -n 1 "$dir/proof/events.jsonl" | grep -q '"status":"interrupted"' ||
    fail "SIG$sig: the interruption was not journaled"
  grep -qF "resume it with: drbook run --resume $dir/proof" "$dir/run.log" ||
    fail "SIG$sig: no word on how to resume: $(cat "$dir/run.log")"
  touch "$dir/resumed"
  # What an interruption in the middle of saving an output leaves (a durable write's temporary).
  echo partial >"$dir/proof/outputs/0009-x-cmd0-try1-stdout.txt.tmp.4242.7"
  "$DRBOOK" run --resume "$dir/proof" --quiet >"$dir/resume.log" 2>&1 ||
    fail "SIG$sig: the resumed run failed: $(cat "$dir/resume.log")"
  [ "$(cat "$dir/log")" = done ] || fail "SIG$sig: the last step did not run exactly once"
  "$DRBOOK" verify "$dir/proof" --allow-unsigned >"$dir/verify.log" ||
    fail "SIG$sig: the resumed proof does not verify: $(cat "$dir/verify.log")"
  grep -qx '| Status | \*\*passed\*\* |' "$dir/proof/proof.md" ||
    fail "SIG$sig: proof.md's status carries the old interruption: $(grep Status "$dir/proof/proof.md")"
done
pass "SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGUSR1 stop the command, journal, resume and verify"

cat >"$WORK/chatty.drbook" <<'RB'
runbook chatty "Chatty" {
  param dir: path
  probe here: file "{dir}" expect exists timeout 2s
  recovery {
    run "seq 1 20000" timeout 30s
    run "echo done > {dir}/done" timeout 10s
  }
  validation { must here }
}
RB
mkdir -p "$WORK/pipe"
rc=0
"$DRBOOK" run "$WORK/chatty.drbook" --param dir="$WORK/pipe" --proof-dir "$WORK/pipe/proof" \
  2>"$WORK/pipe/err.log" | head -n 2 >/dev/null || rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || fail "a closed stdout stopped the run (exit $rc): $(cat "$WORK/pipe/err.log")"
[ -e "$WORK/pipe/done" ] || fail "the steps after the closed stdout did not run"
tail -n 1 "$WORK/pipe/proof/events.jsonl" | grep -q '"status":"passed"' || fail "the run's end was not journaled"
"$DRBOOK" verify "$WORK/pipe/proof" --allow-unsigned >/dev/null || fail "the proof does not verify"
pass "drbook run | head: the run goes on to the end, journals everything and verifies"

# End of input at a question (the terminal closed, stdin a closed pipe) says the same.
cat >"$WORK/ask.drbook" <<'RB'
runbook asking "Asking" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { manual "Fail over the DNS" }
  validation { must up }
}
RB
rc=0
"$DRBOOK" run "$WORK/ask.drbook" --proof-dir "$WORK/eof" </dev/null >"$WORK/eof.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "a run whose input ended passed"
grep -qF "resume it with: drbook run --resume $WORK/eof" "$WORK/eof.log" || fail "no resume command: $(cat "$WORK/eof.log")"
pass "end of input at a question prints the exact resume command"

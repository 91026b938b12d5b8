#!/usr/bin/env bash
# Fault tests of `drbook run` and `drbook verify`: kill -9 at every step of a 10-step runbook
# and resume (no completed non-idempotent step runs twice, every proof verifies), a hung
# command killed with its children at the timeout, single flipped bytes in the journal and
# the statement, and a journal cut in the middle of a line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-run-faults.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

require_built "$DRBOOK"

# Ten commands, each appending one line to its own side-effect file. Steps 2 and 5 are
# idempotent (may run again on resume); the others must never run twice.
cat >"$WORK/ten.drbook" <<'RB'
runbook ten "Ten side effects" {
  objectives { rto 5m }
  param dir: path
  probe last: file "{dir}/s10" expect exists timeout 5s
  recovery {
    run "echo 1 >> {dir}/s1; sleep 0.2" timeout 10s
    run "echo 2 >> {dir}/s2; sleep 0.2" timeout 10s idempotent
    run "echo 3 >> {dir}/s3; sleep 0.2" timeout 10s
    run "echo 4 >> {dir}/s4; sleep 0.2" timeout 10s
    run "echo 5 >> {dir}/s5; sleep 0.2" timeout 10s idempotent
    run "echo 6 >> {dir}/s6; sleep 0.2" timeout 10s
    run "echo 7 >> {dir}/s7; sleep 0.2" timeout 10s
    run "echo 8 >> {dir}/s8; sleep 0.2" timeout 10s
    run "echo 9 >> {dir}/s9; sleep 0.2" timeout 10s
    run "echo 10 >> {dir}/s10; sleep 0.2" timeout 10s
  }
  validation {
    must last
  }
}
RB
# An in-flight step that is not idempotent is put to the operator; here the answers file
# says it completed (its command ran to the end: kill -9 of drbook does not stop it).
echo '{"resume": {"*": "skip"}}' >"$WORK/resume.json"

echo "== kill -9 at every step, then --resume"
for k in 1 2 3 4 5 6 7 8 9 10; do
  side=$WORK/side$k proof=$WORK/proof$k
  mkdir -p "$side"
  "$DRBOOK" run "$WORK/ten.drbook" --param dir="$side" --proof-dir "$proof" --quiet \
    >"$WORK/run$k.log" 2>&1 &
  pid=$!
  # Non-empty, not merely created: the shell creates the file before echo writes to it.
  wait_for -s "$side/s$k"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.3 # let the orphaned command finish its side effect
  "$DRBOOK" run --resume "$proof" --answers "$WORK/resume.json" --quiet >"$WORK/resume$k.log" 2>&1 ||
    fail "resume after kill at step $k failed: $(cat "$WORK/resume$k.log")"
  for i in 1 2 3 4 5 6 7 8 9 10; do
    n=$(wc -l <"$side/s$i")
    case $i in
    2 | 5) [ "$n" -ge 1 ] || fail "kill at $k: idempotent step $i never ran" ;;
    *) [ "$n" -eq 1 ] || fail "kill at $k: step $i ran $n times" ;;
    esac
  done
  "$DRBOOK" verify --allow-unsigned "$proof" >"$WORK/verify$k.log" || fail "verify after kill at $k: $(cat "$WORK/verify$k.log")"
  grep -q '"kind":"resume"' "$proof/events.jsonl" || fail "kill at $k: no resume event"
done
pass "killed at each of 10 steps: every run resumed, verified, no non-idempotent step ran twice"

echo "== a hung command and its children are killed at the timeout"
cat >"$WORK/hung.drbook" <<'RB'
runbook hung "Hung command" {
  param dir: path
  probe ok: file "{dir}/never" expect exists timeout 1s
  recovery {
    run "sleep 300 & echo $! > {dir}/child.pid; sh -c 'sleep 300' & echo $! > {dir}/child2.pid; sleep 300" timeout 1s
  }
  validation { must ok }
}
RB
mkdir -p "$WORK/hung"
start=$(date +%s%N)
set +e
"$DRBOOK" run "$WORK/hung.drbook" --param dir="$WORK/hung" --proof-dir "$WORK/hungproof" --quiet >"$WORK/hung.log" 2>&1
rc=$?
set -e
elapsed=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 1 ] || fail "hung run exited $rc, want 1: $(cat "$WORK/hung.log")"
[ $elapsed -lt 10000 ] || fail "hung run took ${elapsed}ms"
for f in child.pid child2.pid; do
  pid=$(cat "$WORK/hung/$f")
  if kill -0 "$pid" 2>/dev/null; then fail "child $pid ($f) still runs after the timeout"; fi
done
grep -q '"timed_out":true' "$WORK/hungproof/events.jsonl" || fail "timeout not journaled"
"$DRBOOK" verify --allow-unsigned "$WORK/hungproof" >/dev/null || fail "the failed run's proof does not verify"
pass "command killed at its 1s timeout with its children (${elapsed}ms), run failed, proof verifies"

echo "== Ctrl-C stops the commands and records the interruption"
cat >"$WORK/int.drbook" <<'RB'
runbook intr "Interrupted" {
  param dir: path
  probe here: file "{dir}" expect exists timeout 2s
  recovery {
    run "sleep 300 & echo $! > {dir}/bg.pid; sleep 300" timeout 10m idempotent
  }
  validation { must here }
}
RB
mkdir -p "$WORK/int"
"$DRBOOK" run "$WORK/int.drbook" --param dir="$WORK/int" --proof-dir "$WORK/intproof" --quiet \
  >"$WORK/int.log" 2>&1 &
pid=$!
wait_for -s "$WORK/int/bg.pid"
kill -INT "$pid"
set +e
wait "$pid"
rc=$?
set -e
[ $rc -eq 130 ] || fail "SIGINT exit status $rc, want 130: $(cat "$WORK/int.log")"
if kill -0 "$(cat "$WORK/int/bg.pid")" 2>/dev/null; then fail "a command outlived Ctrl-C"; fi
tail -n 1 "$WORK/intproof/events.jsonl" | grep -q '"status":"interrupted"' || fail "interruption not recorded"
grep -q "Run failed" "$WORK/int.log" && fail "the killed command was recorded as a failure"
pass "SIGINT stopped the command's process group, recorded the interruption, exit 130"

echo "== flipping any single byte of events.jsonl or statement.json fails verify"
good=$WORK/proof3
"$DRBOOK" verify --allow-unsigned "$good" >/dev/null || fail "baseline proof does not verify"
for file in events.jsonl statement.json; do
  size=$(stat -c %s "$good/$file")
  step=$((size / 60 + 1))
  count=0
  for ((pos = 0; pos < size; pos += step)); do
    rm -rf "$WORK/flip" && cp -a "$good" "$WORK/flip"
    python3 - "$WORK/flip/$file" "$pos" <<'PY'
import sys
path, pos = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, 'rb').read())
data[pos] ^= 0x01
open(path, 'wb').write(data)
PY
    if "$DRBOOK" verify --allow-unsigned "$WORK/flip" >"$WORK/flip.log" 2>&1; then
      fail "flipping byte $pos of $file still verifies"
    fi
    count=$((count + 1))
  done
  pass "$count single-byte flips across $file all detected"
done

echo "== a journal cut in the middle of a line is reported, and resume continues after it"
cut=$WORK/cut
mkdir -p "$WORK/sidecut"
"$DRBOOK" run "$WORK/ten.drbook" --param dir="$WORK/sidecut" --proof-dir "$cut" --quiet \
  >/dev/null 2>&1 &
pid=$!
wait_for -s "$WORK/sidecut/s4"
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
sleep 0.3
size=$(stat -c %s "$cut/events.jsonl")
truncate -s $((size - 25)) "$cut/events.jsonl"
set +e
"$DRBOOK" verify --allow-unsigned "$cut" >"$WORK/cut.log" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || fail "verify of a torn journal exited $rc"
grep -q "torn last line" "$WORK/cut.log" || fail "torn line not reported: $(cat "$WORK/cut.log")"
set +e
"$DRBOOK" run --resume "$cut" --answers "$WORK/resume.json" --quiet >"$WORK/cut-resume.log" 2>&1
rc=$?
set -e
[ $rc -ne 0 ] || fail "resume discarded a torn line without being allowed to"
grep -q "torn" "$WORK/cut-resume.log" || fail "resume did not report the torn line"
echo '{"resume": {"*": "skip"}, "torn_line": "continue"}' >"$WORK/resume-torn.json"
"$DRBOOK" run --resume "$cut" --answers "$WORK/resume-torn.json" --quiet >"$WORK/cut-resume.log" 2>&1 ||
  fail "resume after allowing the torn line failed: $(cat "$WORK/cut-resume.log")"
grep -q '"kind":"torn-line"' "$cut/events.jsonl" || fail "no torn-line event"
"$DRBOOK" verify --allow-unsigned "$cut" >/dev/null || fail "proof after torn-line resume does not verify"
pass "torn line reported by verify, refused without consent, recorded and resumed with it"

echo "run_faults: all passed"

#!/usr/bin/env bash
# What the operator's terminal receives, in a real pseudo-terminal: colours and a redrawn status
# line on a terminal; no colour when NO_COLOR is set to anything but the empty string; no escape
# sequence at all on TERM=dumb or when the output is not a terminal. The same holds for
# drbookc's diagnostics. A wait's updating line, and Ctrl-C at a prompt followed by --resume.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"
PTY="python3 $(dirname "${BASH_SOURCE[0]}")/lib/pty_run.py"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-terminal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/t.drbook" <<'RB'
runbook t "Terminal" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { run "echo hello; sleep 0.3" timeout 5s }
  validation { must up }
}
RB
cat >"$WORK/bad.drbook" <<'RB'
runbook bad { recovery { do nothing } }
RB

run_in_pty() { # run_in_pty NAME ENV... : drbook run in a pty, output in $WORK/NAME.out
  local name=$1
  shift
  $PTY TERM=xterm-256color -NO_COLOR "$@" -- "$DRBOOK" run "$WORK/t.drbook" \
    --proof-dir "$WORK/proof-$name" >"$WORK/$name.out" 2>&1 || fail "$name: run failed: $(cat "$WORK/$name.out")"
  grep -q "Run passed" "$WORK/$name.out" || fail "$name: no verdict: $(cat "$WORK/$name.out")"
}
has_color() { grep -qP '\x1b\[[0-9;]*m' "$1"; }
has_escape() { grep -qP '\x1b' "$1"; }

run_in_pty plain
has_color "$WORK/plain.out" || fail "a terminal gets no colour"
grep -qP '\r\x1b\[K' "$WORK/plain.out" || fail "a terminal gets no redrawn status line"
pass "a terminal gets colours and a redrawn status line"

run_in_pty nocolor NO_COLOR=1
! has_color "$WORK/nocolor.out" || fail "NO_COLOR=1 still gets colour"
run_in_pty emptynocolor NO_COLOR=
has_color "$WORK/emptynocolor.out" || fail "an empty NO_COLOR turned colour off"
pass "NO_COLOR set to anything but the empty string turns colour off"

run_in_pty dumb TERM=dumb
! has_escape "$WORK/dumb.out" || fail "TERM=dumb gets escape sequences: $(od -c "$WORK/dumb.out" | head)"
grep -q -- "-> run \"echo hello; sleep 0.3\"" "$WORK/dumb.out" || fail "TERM=dumb lost the step lines"
pass "TERM=dumb gets plain lines, no escape sequence"

"$DRBOOK" run "$WORK/t.drbook" --proof-dir "$WORK/proof-pipe" >"$WORK/pipe.out" 2>&1
! has_escape "$WORK/pipe.out" || fail "a pipe gets escape sequences"
pass "output that is not a terminal gets no escape sequence"

$PTY TERM=xterm-256color -NO_COLOR -- "$DRBOOKC" check "$WORK/bad.drbook" >"$WORK/check.out" 2>&1 || true
has_color "$WORK/check.out" || fail "drbookc on a terminal gets no colour"
$PTY TERM=dumb -- "$DRBOOKC" check "$WORK/bad.drbook" >"$WORK/checkdumb.out" 2>&1 || true
! has_escape "$WORK/checkdumb.out" || fail "drbookc on TERM=dumb gets escape sequences"
grep -q "unknown" "$WORK/checkdumb.out" || fail "drbookc on TERM=dumb lost its diagnostic: $(cat "$WORK/checkdumb.out")"
pass "drbookc colours its diagnostics on a terminal only, and never on TERM=dumb"

# A wait on a terminal: one updating status line with the polls left and what it observed.
cat >"$WORK/wait.drbook" <<'RB'
runbook w "Wait" {
  probe said: cmd "echo polled" expect exit == 0 timeout 5s
  recovery { wait said until stdout contains "ready" within 3s every 1s }
  validation { must said }
}
RB
$PTY TERM=xterm-256color -- "$DRBOOK" run "$WORK/wait.drbook" --proof-dir "$WORK/proof-wait" \
  >"$WORK/wait.out" 2>&1 || true
grep -qaP '\r\x1b\[K\[recovery\] wait said: poll 2, [0-9]+ left; observed stdout "polled\\n"' \
  "$WORK/wait.out" || fail "no updating wait line: $(tr '\r' '\n' <"$WORK/wait.out" | head -20)"
! grep -qa "| said: polled" "$WORK/wait.out" || fail "a wait showed each poll's raw output"
pass "a wait updates one status line with its polls left and latest observation"

# Interrupted at a prompt with Ctrl-C, resumed, finished: what the screen shows at each point,
# and a proof that verifies.
cat >"$WORK/long.drbook" <<'RB'
runbook long "Long" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  detection { check up }
  recovery {
    run "echo stopped traffic" timeout 5s
    manual "Restore the database from the console" estimate 2h
    run "echo started traffic" timeout 5s
  }
  validation { must up }
}
RB
$PTY TERM=xterm-256color --interrupt -- "$DRBOOK" run "$WORK/long.drbook" --proof-dir "$WORK/long" \
  >"$WORK/long1.out" 2>&1 && fail "an interrupted run exited 0"
grep -qa "Manual step: Restore the database from the console" "$WORK/long1.out" ||
  fail "the prompt was not shown: $(cat "$WORK/long1.out")"
grep -qaF "drbook run --resume $WORK/long" "$WORK/long1.out" ||
  fail "Ctrl-C did not print the resume command: $(cat "$WORK/long1.out")"
$PTY TERM=xterm-256color --send done -- "$DRBOOK" run --resume "$WORK/long" >"$WORK/long2.out" 2>&1 ||
  fail "the resumed run failed: $(cat "$WORK/long2.out")"
grep -qa "last step: run \"echo stopped traffic\": ok" "$WORK/long2.out" ||
  fail "no recap of the last step: $(cat "$WORK/long2.out")"
grep -qa "next: manual \"Restore the database from the console\"" "$WORK/long2.out" ||
  fail "no recap of what comes next: $(cat "$WORK/long2.out")"
grep -qa "Run passed" "$WORK/long2.out" || fail "the resumed run did not pass: $(cat "$WORK/long2.out")"
"$DRBOOK" verify "$WORK/long" --allow-unsigned >"$WORK/long.verify" 2>&1 ||
  fail "the resumed proof does not verify: $(cat "$WORK/long.verify")"
pass "Ctrl-C at a prompt, then --resume in a terminal: the resume command, a recap, a verified proof"

# A terminal that says its size: the status line has the bottom row to itself and keeps counting
# while a prompt waits (a long manual step is where the time goes); the row is given back at
# the end.
$PTY TERM=xterm-256color --size 24x80 --wait 2.5 --send done -- "$DRBOOK" run "$WORK/long.drbook" \
  --proof-dir "$WORK/bottom" >"$WORK/bottom.out" 2>&1 || fail "the sized run failed: $(cat "$WORK/bottom.out")"
python3 - "$WORK/bottom.out" <<'PY' || fail "no status line on the bottom row during the prompt"
import re, sys
out = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
assert "\x1b[1;23r" in out, "the bottom row was not reserved"
prompt = out.index("Type 'done' when it is done")
answer = out.index("done\r\n", prompt)
ticks = re.findall(r"\x1b7\x1b\[24;1H\x1b\[2K\[recovery\] manual \"Restore[^\x1b]*?(\d+m\d\ds)", out[prompt:answer])
assert len(set(ticks)) >= 2, "the status line did not keep counting: %r" % ticks
assert out.rstrip().count("\x1b[r") == 1 and out.index("\x1b[r") < out.index("Run passed"), "the row was not given back"
PY
pass "a sized terminal keeps the status line on the bottom row, counting while a prompt waits"

# Parallel branches that each need the operator: the waiting questions are listed together, the
# operator picks which to answer first, and no other branch's output lands inside a prompt.
cat >"$WORK/par.drbook" <<'RB'
runbook par "Parallel" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery {
    parallel {
      { manual "Fail over the GKE cluster"  run "echo gke done" timeout 5s }
      { manual "Promote the Redis replica" }
      { run "for i in 1 2 3 4 5 6; do echo working $i; sleep 0.3; done" timeout 10s }
    }
  }
  validation { must up }
}
RB
$PTY TERM=xterm-256color --size 24x100 --send 2 --wait 1 --send done --send done -- "$DRBOOK" run \
  "$WORK/par.drbook" --proof-dir "$WORK/par" >"$WORK/par.out" 2>&1 || fail "the parallel run failed: $(cat "$WORK/par.out")"
python3 - "$WORK/par.out" <<'PY' || fail "parallel questions were not listed together: $(cat -v "$WORK/par.out")"
import re, sys
out = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
out = re.sub(r"\x1b7.*?\x1b8", "", out)  # the bottom row's redraws
listing = out.index("2 questions are waiting, from parallel branches:")
assert out.index("1: Manual step: Fail over the GKE cluster", listing) < out.index("2: Manual step: Promote the Redis replica", listing)
redis = out.index("! Manual step: Promote the Redis replica")
gke = out.index("! Manual step: Fail over the GKE cluster")
assert listing < redis < gke, "the operator's pick was not asked first"
for start in (redis, gke):
    end = out.index("done\r\n", start)
    assert "working" not in out[start:end], "another branch's output landed inside a prompt"
assert "working 6" in out, "a held line was lost"
PY
"$DRBOOK" verify "$WORK/par" --allow-unsigned >"$WORK/par.verify" 2>&1 ||
  fail "the parallel run's proof does not verify: $(cat "$WORK/par.verify")"
pass "parallel questions are listed together, answered in the operator's order, never interleaved"

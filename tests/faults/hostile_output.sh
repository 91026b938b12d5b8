#!/usr/bin/env bash
# Command output is shown to the operator with its control characters made visible: a
# cursor move, a line erase, an OSC 52 clipboard write, a title change or a C1 control can
# not rewrite what the terminal shows. The outputs files keep the raw bytes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-output.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# ESC[1A ESC[2K (up, erase), OSC 52 (clipboard), OSC 0 (title), CSI as the C1 byte, CR.
printf 'ok\033[1A\033[2K\rall good\033]52;c;cm0gLXJmIC8K\a\033]0;owned\a\302\2332J\n' >hostile.txt
cat >hostile.drbook <<RB
runbook hostile "Hostile output" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { run "cat $WORK/hostile.txt" timeout 10s }
  validation { must up }
}
RB
"$DRBOOK" run hostile.drbook --proof-dir proof >run.out 2>run.err || fail "the run failed: $(cat run.err)"
for byte in '\033' '\a' '\r' '\302\233'; do
  ! grep -q "$(printf "$byte")" run.out || fail "a raw control byte ($byte) reached the terminal: $(cat -v run.out)"
done
grep -qF 'ok\x1b[1A\x1b[2K\x0dall good\x1b]52;c;cm0gLXJmIC8K\x07\x1b]0;owned\x07\u009b2J' run.out ||
  fail "the output is not shown with visible escapes: $(cat -v run.out)"
cmp -s hostile.txt proof/outputs/*stdout*.txt || fail "the outputs file does not keep the raw bytes"
pass "control sequences in command output are shown as escapes; the outputs file keeps them raw"

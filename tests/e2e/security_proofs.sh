#!/usr/bin/env bash
# A proof handed over for review cannot make `drbook verify` read outside the proof directory:
# a statement subject that is a path, a device or a link is a verification failure naming it,
# never a hang and never a digest of another file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sec-proof.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cat >tiny.drbook <<'RB'
runbook tiny "Tiny" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { run "true" timeout 5s }
  validation { must up }
}
RB
"$DRBOOK" run tiny.drbook --proof-dir base >run.out 2>&1 || fail "run: $(cat run.out)"

# Each case: a copy of the proof whose statement names SUBJECT in place of the source.
check_subject() {
  local subject=$1 why=$2 dir=case$RANDOM
  cp -r base "$dir"
  [ "$subject" != link.drbook ] || ln -s /etc/hostname "$dir/link.drbook"
  [ "$subject" != fifo.drbook ] || mkfifo "$dir/fifo.drbook"
  python3 - "$dir/statement.json" "$subject" <<'PY'
import json, sys
path, subject = sys.argv[1], sys.argv[2]
st = json.load(open(path))
st["subject"][0]["name"] = subject
json.dump(st, open(path, "w"), sort_keys=True, separators=(",", ":"))
PY
  local rc=0
  timeout 20 "$DRBOOK" verify "$dir" >"$dir.out" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || fail "verify accepted the subject $subject"
  [ "$rc" -ne 124 ] || fail "verify hung on the subject $subject"
  grep -qF "names the subject '$subject', $why" "$dir.out" ||
    fail "no clear report for $subject: $(cat "$dir.out")"
  ! grep -qF "$(sha256sum /etc/hostname | cut -d' ' -f1)" "$dir.out" ||
    fail "verify printed the digest of a file outside the proof for $subject"
}
check_subject ../../../../../../dev/zero "which is not a file name inside the proof directory"
check_subject ../../../../../../etc/hostname "which is not a file name inside the proof directory"
check_subject /etc/hostname "which is not a file name inside the proof directory"
check_subject .. "which is not a file name inside the proof directory"
check_subject link.drbook "which is not a regular file"
check_subject fifo.drbook "which is not a regular file"
check_subject missing.drbook "which does not exist"
pass "statement subjects are plain regular files inside the proof directory"

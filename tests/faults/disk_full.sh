#!/usr/bin/env bash
# A full disk (ENOSPC on a small tmpfs) at each stage: before the first event, while saving a
# command's output, while writing the proof. Each gives a clear error naming the file and exit
# status 5; the journal stays valid up to its last whole event; once space is back,
# `drbook run --resume` completes the run and the proof verifies. A run that could not start
# leaves no directory behind. Mounting needs root: the suite runs as root in CI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"
if [ "$(id -u)" -ne 0 ]; then
  echo "skip: disk-full tests mount a tmpfs, which needs root"
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-disk.XXXXXX")
MNT=$WORK/mnt
mkdir -p "$MNT"
trap 'umount "$MNT" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat >"$WORK/disk.drbook" <<'RB'
runbook disk "Disk" {
  param dir: path
  param fill: string = "none"
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery {
    run "echo first >> {dir}/steps" timeout 10s
    run "head -c 300000 /dev/zero | tr '\\000' x; echo second >> {dir}/steps" timeout 10s idempotent
    run "echo third >> {dir}/steps" timeout 10s
    // Fills the disk once, so that whatever is written next finds no room.
    run "if [ {fill} != none ] && [ ! -e {dir}/filled ]; then touch {dir}/filled; cat /dev/zero > {fill} 2>/dev/null; fi; true" timeout 30s idempotent
  }
  validation { must up }
}
RB
mkdir -p "$WORK/state"
run_on() { # run_on SIZE [FILL]: a fresh tmpfs of SIZE and a run into it; sets $rc, run.log
  umount "$MNT" 2>/dev/null || true
  mount -t tmpfs -o "size=$1" tmpfs "$MNT"
  : >"$WORK/state/steps"
  rm -f "$WORK/state/filled"
  rc=0
  "$DRBOOK" run "$WORK/disk.drbook" --param dir="$WORK/state" --param fill="${2:-none}" \
    --proof-dir "$MNT/proof" >"$WORK/run.log" 2>&1 || rc=$?
}
resume_with_space() {
  rm -f "$MNT/filler"
  mount -o remount,size=16m "$MNT"
  "$DRBOOK" run --resume "$MNT/proof" >"$WORK/resume.log" 2>&1 ||
    fail "resume after freeing space failed: $(cat "$WORK/resume.log")"
  "$DRBOOK" verify "$MNT/proof" --allow-unsigned >"$WORK/verify.log" ||
    fail "the resumed proof does not verify: $(cat "$WORK/verify.log")"
}

run_on 4k
[ "$rc" -eq 5 ] || fail "a disk full before the first event: exit $rc, want 5: $(tail -c 1500 "$WORK/run.log")"
grep -q "No space left on device; the run did not start" "$WORK/run.log" || fail "$(tail -c 1500 "$WORK/run.log")"
[ ! -e "$MNT/proof" ] || fail "a run that could not start left $(ls -A "$MNT/proof")"
[ ! -s "$WORK/state/steps" ] || fail "a run that could not start ran a step"
pass "full before the first event: exit 5, nothing run, no directory left"

run_on 64k
[ "$rc" -eq 5 ] || fail "a disk full while saving output: exit $rc, want 5: $(tail -c 1500 "$WORK/run.log")"
grep -q "cannot save output: cannot write $MNT/proof/outputs/.*No space left on device" "$WORK/run.log" ||
  fail "the error does not name the file: $(tail -c 1500 "$WORK/run.log")"
grep -q "continue with: drbook run --resume $MNT/proof" "$WORK/run.log" || fail "$(tail -c 1500 "$WORK/run.log")"
journal_is_whole "$MNT/proof/events.jsonl"
resume_with_space
[ "$(tr '\n' ' ' <"$WORK/state/steps")" = "first second second third " ] ||
  fail "the steps did not run as expected: $(cat "$WORK/state/steps")"
pass "full while saving output: exit 5, named file, valid journal, resumed and verified"

run_on 2m "$MNT/filler"
[ "$rc" -eq 5 ] || fail "a disk full late in the run: exit $rc, want 5: $(tail -c 1500 "$WORK/run.log")"
grep -q "No space left on device" "$WORK/run.log" || fail "$(tail -c 1500 "$WORK/run.log")"
journal_is_whole "$MNT/proof/events.jsonl"
resume_with_space
[ "$(tr '\n' ' ' <"$WORK/state/steps")" = "first second third " ] ||
  fail "a step ran twice: $(cat "$WORK/state/steps")"
pass "full late in the run (journal or proof): exit 5, resumed into a complete, verified proof"

#!/usr/bin/env bash
# End-to-end test of the DR drill: runs scenarios A, B and C of examples/sandbox/dr.drbook
# through tools/drill.sh against a real sandbox, and checks each one from its files: the drill
# passed, the journal shows the expected scenario chosen by rule, traffic was stopped before any
# recovery step, an emergency backup preceded the restore over existing data, drbook verify
# accepts the proof (and rejects a tampered copy), the data after recovery equals the data
# before the fault row for row, and the owner's token appears in none of the drill's files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export DRBOOK_BUILD_DIR=$BUILD_DIR
export DRILL_SKIP_SETUP=1 # tools/test.sh has just built everything

require_built "$DRBOOK"

mkdir -p "$BUILD_DIR"
WORK=$(mktemp -d "$BUILD_DIR/drill-test.XXXXXX")
chmod 755 "$WORK" # the sandbox's database runs as user postgres when this runs as root
cleanup() {
  # Kept when a check failed: the drill's files are the evidence.
  if [ "${passed:-0}" = 1 ]; then rm -rf "$WORK"; else echo "drill files kept in $WORK" >&2; fi
}
trap cleanup EXIT

# Long and unusual, so finding it anywhere means it leaked.
export SANDBOX_OWNER_TOKEN="owner-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')-Zq81"

# Checks one drill's journal. Arguments: events.jsonl, expected scenario, expected actions of
# recovery in order.
check_journal() {
  python3 - "$@" <<'PY'
import json, sys
path, expected, want = sys.argv[1], sys.argv[2], sys.argv[3].split()
events = [json.loads(line) for line in open(path)]
def die(msg):
    sys.exit(f"{path}: {msg}")
end = events[-1]
if end["kind"] != "end" or end["status"] != "passed":
    die(f"run did not pass: {end}")
decisions = [e for e in events if e["kind"] == "decision" and e["decision"] == "scenario"]
if len(decisions) != 1:
    die(f"expected one scenario decision, found {len(decisions)}")
d = decisions[0]
if d["value"] != expected or d["by"] != "rule":
    die(f"scenario decided {d['value']} by {d['by']}, expected {expected} by rule")
# Every action that ran to completion, in order, with its phase.
done = [(e["seq"], e["action"], e["node"].split("/")[1] if "/" in e["node"] else "detection")
        for e in events if e["kind"] == "action-end" and e["verdict"] == "ok"]
stopped = [seq for seq, name, _ in done if name == "stop_traffic"]
if not stopped:
    die("traffic was never stopped")
first_recovery = min((seq for seq, _, phase in done if phase == "recovery"), default=None)
if first_recovery is None or stopped[0] > first_recovery:
    die("a recovery action ran before containment stopped traffic")
if [e["phase"] for e in events if e["kind"] == "phase"] != \
        ["detection", "containment", "recovery", "validation"]:
    die("phases did not run in order")
recovery = [name for _, name, phase in done if phase == "recovery"]
if recovery != want:
    die(f"recovery ran {recovery}, expected {want}")
restores = [seq for seq, name, _ in done if name in ("restore_db", "load_db")]
for seq in restores:
    if not any(s < seq for s in stopped):
        die("a restore ran while traffic was not stopped")
for seq, name, _ in done:
    if name == "restore_db" and not any(s < seq and n == "emergency_backup" for s, n, _ in done):
        die("restore_db ran without an emergency backup before it")
musts = [e for e in events if e["kind"] == "must"]
if not musts or musts[-1]["verdict"] != "ok" or musts[-1]["seq"] < max(restores, default=0):
    die("the recovery was not validated after the restore")
PY
}

drill() {
  local letter=$1 expected=$2 actions=$3 dir=$WORK/$1 rc=0
  echo "== scenario $letter ($expected)"
  DRILL_KEYS=$WORK/keys DRILL_RUN_DIR=$dir "$REPO_ROOT/tools/drill.sh" "$letter" >"$WORK/$letter.out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || fail "drill $letter exited $rc: $(tail -n 30 "$WORK/$letter.out")"
  grep -q "^DRILL PASSED" "$WORK/$letter.out" || fail "drill $letter did not report DRILL PASSED"
  pass "drill $letter exited 0"

  check_journal "$dir/proof/events.jsonl" "$expected" "$actions" || fail "journal of drill $letter"
  pass "journal: $expected decided by rule, traffic stopped first, recovery ran: $actions"

  "$DRBOOK" verify "$dir/proof" --pubkey "$WORK/keys/drbook.pub" >"$WORK/$letter.verify" 2>&1 ||
    fail "drbook verify rejected the proof of drill $letter: $(cat "$WORK/$letter.verify")"
  grep -q "^verified:" "$WORK/$letter.verify" || fail "drbook verify did not say verified"
  grep -q "ok: signature by trusted key SHA256:.* verifies" "$WORK/$letter.verify" || fail "the proof is not signed"
  "$DRBOOK" keygen "$WORK/other-$letter" >/dev/null
  if "$DRBOOK" verify "$dir/proof" --pubkey "$WORK/other-$letter/drbook.pub" >/dev/null 2>&1; then
    fail "drbook verify accepted the proof of drill $letter against another key"
  fi
  pass "drbook verify accepts the proof, signed with the drill's key and no other"

  [ -s "$dir/before.csv" ] && [ -s "$dir/after.csv" ] || fail "snapshots missing in $dir"
  [ "$(grep -c '^[0-9]*,tenant-' "$dir/before.csv")" -eq 50 ] ||
    fail "the pre-fault snapshot does not hold the 50 seeded tenants"
  cmp -s "$dir/before.csv" "$dir/after.csv" ||
    fail "data after recovery differs: $(diff "$dir/before.csv" "$dir/after.csv" | head -n 5)"
  grep -q "identical to before the fault, row for row" "$WORK/$letter.out" ||
    fail "the summary does not report the data as identical"
  pass "data after recovery equals the data before the fault, row for row"

  if grep -rqF "$SANDBOX_OWNER_TOKEN" "$dir/proof" "$dir"/*.out "$WORK/$letter.out"; then
    fail "the owner token leaked into: $(grep -rlF "$SANDBOX_OWNER_TOKEN" "$dir" "$WORK/$letter.out")"
  fi
  pass "the owner token appears in no output and nowhere in the proof"
}

drill A app_only "rollback_app start_traffic"
drill B db_mismatch "rollback_app emergency_backup restore_db start_traffic"
drill C infra_loss "provision_db load_db deploy_known_good start_traffic"

echo "== a tampered proof is rejected"
cp -r "$WORK/B/proof" "$WORK/tampered"
sed -i 's/"value":"db_mismatch"/"value":"app_only"/' "$WORK/tampered/events.jsonl"
cmp -s "$WORK/B/proof/events.jsonl" "$WORK/tampered/events.jsonl" && fail "tampering changed nothing"
if "$DRBOOK" verify "$WORK/tampered" --pubkey "$WORK/keys/drbook.pub" >"$WORK/tampered.verify" 2>&1; then
  fail "drbook verify accepted a proof whose scenario decision was rewritten"
fi
pass "drbook verify rejects a proof whose scenario decision was rewritten"

echo "== a drill that cannot recover fails"
# Without the confirmation of the destructive restore, the non-interactive run must stop short,
# and the drill must say so and exit non-zero.
python3 - "$REPO_ROOT/examples/sandbox/answers.json" "$WORK/unconfirmed.json" <<'PY'
import json, sys
answers = json.load(open(sys.argv[1]))
del answers["confirm"]
json.dump(answers, open(sys.argv[2], "w"))
PY
rc=0
DRILL_RUN_DIR=$WORK/unconfirmed DRILL_ANSWERS=$WORK/unconfirmed.json "$REPO_ROOT/tools/drill.sh" B \
  >"$WORK/unconfirmed.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "a drill whose restore was not confirmed exited 0"
grep -q "^DRILL FAILED" "$WORK/unconfirmed.out" || fail "the failed drill did not say DRILL FAILED"
grep -q "does not confirm destructive action 'restore_db'" "$WORK/unconfirmed.out" ||
  fail "the run did not say which confirmation was missing"
grep -q "DIFFERS from before the fault" "$WORK/unconfirmed.out" ||
  fail "the summary did not report the unrecovered data as different"
pass "a drill whose restore is not confirmed exits $rc and reports DRILL FAILED"

passed=1
echo "drill tests passed"

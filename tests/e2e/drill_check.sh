#!/usr/bin/env bash
# Static checks of the drill's runbook: examples/sandbox/dr.drbook verifies without a warning,
# every scenario is reachable, and each of its safety properties is load-bearing: removing the
# containment, the emergency backup, a validation or the operator fallback of detection, or
# loading a backup over existing data, is caught by drbookc with the rule that protects it.
# Variants are made from the runbook with sed, so this test follows the runbook as it changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

RUNBOOK=$REPO_ROOT/examples/sandbox/dr.drbook
export DRBOOK_STDLIB=$REPO_ROOT/stdlib
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-drill-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

require_built "$DRBOOKC"

out=$("$DRBOOKC" check --Werror "$RUNBOOK" 2>&1) || fail "drbookc check failed: $out"
[ -z "$out" ] || fail "drbookc check printed something: $out"
pass "the runbook verifies with no diagnostic"

plan=$("$DRBOOK" plan "$RUNBOOK" --max-paths 1000 2>&1) || fail "drbook plan failed: $plan"
for s in app_only db_mismatch infra_loss; do
  grep -Eq "^path [0-9]+: decide scenario = $s(,.*)? -> scenario $s completes$" <<<"$plan" ||
    fail "no path through scenario $s completes: $(head -n 5 <<<"$plan")"
done
pass "a path through each of app_only, db_mismatch and infra_loss completes"

# Makes a variant with sed and expects drbookc check to fail with every given message.
# Arguments: name, sed script, then the expected messages.
expect_caught() {
  local name=$1 script=$2 msg
  shift 2
  sed -e "$script" "$RUNBOOK" >"$WORK/$name.drbook"
  cmp -s "$RUNBOOK" "$WORK/$name.drbook" && fail "$name: the sed script changed nothing"
  if "$DRBOOKC" check "$WORK/$name.drbook" >"$WORK/$name.out" 2>&1; then
    fail "$name: drbookc check accepted it"
  fi
  for msg in "$@"; do
    grep -qF -- "$msg" "$WORK/$name.out" || fail "$name: no '$msg' in: $(cat "$WORK/$name.out")"
  done
  pass "$name: caught"
}

expect_caught no-containment '/do stop_traffic/d' \
  'invariant "traffic is stopped before any restore" fails: restore_db can run while dr.traffic == serving [invariant-before]' \
  'invariant "traffic is stopped before a backup is loaded" fails: load_db can run while dr.traffic == serving [invariant-before]'

expect_caught no-emergency-backup '/do emergency_backup/d' \
  'invariant "an emergency backup precedes every restore over existing data" fails: restore_db can run while dr.backup == none [invariant-before]'

# Scenario B loading the backup as if onto a new host: it would overwrite data with no backup.
expect_caught load-over-data 's/^        do restore_db$/        do load_db/' \
  'invariant "a backup is loaded only into a newly provisioned database" fails: load_db can run while db_host == original [invariant-before]'

# Scenario C's validation removed: the loaded backup is never checked.
expect_caught no-validation-c '/scenario infra_loss/,/^  }/{/^    validation {/,/^    }/d}' \
  "scenario 'infra_loss' can complete without a passed validation" \
  'invariant "a loaded backup is always validated" fails'

# Detection without its operator fallback: a system none of the rules recognise has no scenario.
expect_caught no-fallback '/otherwise ask "Which scenario applies?"/,/^      }$/d' \
  "decision 'scenario' has no \`otherwise\`, and its \`when\` conditions cannot be shown to cover every case [decision-not-exhaustive]"

echo "drill check tests passed"

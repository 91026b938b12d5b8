#!/usr/bin/env bash
# A crash after the journal's `end` event but before the proof is written (statement.json,
# proof.md, the signature) leaves a proof that `drbook run --resume` completes: it verifies
# afterwards, signed when the key is given again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-finish.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cat >tiny.drbook <<'RB'
runbook tiny "Tiny" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { run "true" timeout 5s }
  validation { must up }
}
RB
"$DRBOOK" keygen keys >/dev/null
"$DRBOOK" run tiny.drbook --proof-dir full --sign-key keys/drbook.key >/dev/null 2>&1 || fail "the run failed"

# The states a crash can leave, each file written in turn: nothing after the journal, proof.md
# only (with a torn statement write beside it), statement without its signature.
cp -r full none && rm none/proof.md none/statement.json none/statement.dsse.json
cp -r full md && rm md/statement.json md/statement.dsse.json && echo '{"_type' >md/statement.json.tmp.77.0
cp -r full st && rm st/statement.dsse.json
for state in none md st; do
  "$DRBOOK" run --resume "$state" --sign-key keys/drbook.key >"$state.out" 2>&1 ||
    fail "$state: resume failed: $(cat "$state.out")"
  grep -q "the proof is complete now, signed" "$state.out" || fail "$state: $(cat "$state.out")"
  "$DRBOOK" verify "$state" --pubkey keys/drbook.pub >"$state.verify" ||
    fail "$state: the completed proof does not verify: $(cat "$state.verify")"
  cmp -s full/statement.json "$state/statement.json" || fail "$state: a different statement was written"
  cmp -s full/proof.md "$state/proof.md" || fail "$state: a different proof.md was written"
done
pass "resume completes a proof cut short after the run's end, byte for byte the same"

"$DRBOOK" run --resume full >again.out 2>&1 || fail "resume of a complete proof failed: $(cat again.out)"
grep -q "already finished (passed); nothing to resume" again.out || fail "$(cat again.out)"
"$DRBOOK" verify full --pubkey keys/drbook.pub >/dev/null || fail "the complete proof was changed"
pass "resume of a complete proof changes nothing"

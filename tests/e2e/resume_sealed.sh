#!/usr/bin/env bash
# A parameter whose value shows a secret's is journaled redacted. A resumed run never runs a
# command with `[REDACTED:…]` in place of the value: it takes the value again from the answers
# file, checks it against the keyed digest in the journal, and refuses otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sealed.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export SEALED_TOKEN=tok-7Hq2x9
cat >sealed.drbook <<'RB'
runbook sealed "Sealed" {
  param dir: path
  param bucket: string
  secret token: string from env "SEALED_TOKEN"
  probe restored: file "{dir}/bucket" expect exists timeout 2s
  recovery {
    run "if [ ! -e {dir}/resumed ]; then sleep 300; fi; printf '%s\n' {bucket} > {dir}/bucket" timeout 10m idempotent
  }
  validation { must restored }
}
RB
echo "{\"params\": {\"dir\": \"$WORK\", \"bucket\": \"db-$SEALED_TOKEN-east\"}}" >answers.json
"$DRBOOK" run sealed.drbook --answers answers.json --proof-dir proof --quiet >run.log 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q '"kind":"action-start"' proof/events.jsonl 2>/dev/null && break; sleep 0.02; done
kill -INT "$pid"
wait "$pid" || true
grep -q '"bucket":"db-\[REDACTED:token\]-east"' proof/events.jsonl || fail "the value was not journaled redacted"
! grep -rqF "$SEALED_TOKEN" proof || fail "the secret reached the proof"
touch resumed

echo '{}' >without.json
rc=0
"$DRBOOK" run --resume proof --answers without.json >without.log 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "a resume without the sealed value exited $rc: $(cat without.log)"
grep -q "parameter 'bucket' was journaled redacted" without.log || fail "$(cat without.log)"
[ ! -e bucket ] || fail "a command ran with a redacted value: $(cat bucket)"

echo '{"params": {"bucket": "db-other-east"}}' >wrong.json
rc=0
"$DRBOOK" run --resume proof --answers wrong.json >wrong.log 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "a resume with another value exited $rc: $(cat wrong.log)"

"$DRBOOK" run --resume proof --answers answers.json >resume.log 2>&1 || true
[ "$(cat bucket)" = "db-$SEALED_TOKEN-east" ] || fail "the resumed command got $(cat bucket 2>/dev/null)"
"$DRBOOK" verify proof --allow-unsigned >verify.log || fail "the resumed proof does not verify: $(cat verify.log)"
pass "a sealed parameter is taken again and checked on resume; never run redacted"

#!/usr/bin/env bash
# Control flow of `drbook run`: retries with backoff, `on failure` paths ending in escalate or
# abort, `wait … within` deadlines, a timeout that fails one attempt, and refusing to resume a
# journal whose chain is broken. Every proof verifies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-run-flow.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

require_built "$DRBOOK"

cat >"$WORK/flow.drbook" <<'RB'
runbook flow "Control flow" {
  param dir: path
  param mode: enum { flaky, broken, waiting } = flaky
  probe marker: file "{dir}/marker" expect exists timeout 2s
  probe never: file "{dir}/never" expect exists timeout 2s

  // Fails on its first attempt, succeeds on the second.
  action flaky_step "Flaky" idempotent {
    run "test -e {dir}/tried || { touch {dir}/tried; exit 1; }"
    run "touch {dir}/marker"
    timeout 10s
    retries 2
  }

  recovery {
    match mode {
      flaky => do flaky_step
      broken => {
        run "echo breaking; exit 3" timeout 5s on failure {
          run "echo rolled back > {dir}/rolled_back" timeout 5s
          escalate "the database team"
        }
      }
      waiting => {
        wait never until ok within 2s every 500ms on failure {
          abort "the replica never caught up"
        }
      }
    }
  }
  validation { must marker }
}
RB

verify() { "$DRBOOK" verify "$1" --allow-unsigned >"$WORK/verify.out" || fail "verify $1: $(cat "$WORK/verify.out")"; }

echo "== retries with backoff"
mkdir -p "$WORK/a"
start=$(date +%s%N)
"$DRBOOK" run "$WORK/flow.drbook" --param dir="$WORK/a" --proof-dir "$WORK/pa" --quiet >"$WORK/a.out" 2>&1 ||
  fail "flaky run failed: $(cat "$WORK/a.out")"
ms=$((($(date +%s%N) - start) / 1000000))
[ $ms -ge 1000 ] || fail "no backoff between attempts (${ms}ms)"
python3 - "$WORK/pa/events.jsonl" <<'PY' || fail "attempts not journaled"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
runs = [(e["attempt"], e["index"], e["verdict"]) for e in ev if e["kind"] == "action"]
# attempt 1 fails at the first command; attempt 2 runs it again, then the second command
assert runs == [(1, 0, "failed"), (2, 0, "ok"), (2, 1, "ok")], runs
end = [e for e in ev if e["kind"] == "action-end"][0]
assert end["attempts"] == 2 and end["verdict"] == "ok", end
PY
verify "$WORK/pa"
pass "a failed attempt is retried after a pause, from the failed command (${ms}ms)"

echo "== on failure: roll back, then escalate"
mkdir -p "$WORK/b"
set +e
"$DRBOOK" run "$WORK/flow.drbook" --param dir="$WORK/b" --param mode=broken --proof-dir "$WORK/pb" >"$WORK/b.out" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || fail "an escalated run exited $rc"
[ -e "$WORK/b/rolled_back" ] || fail "the on-failure path did not run"
grep -q "Run escalated: the database team" "$WORK/b.out" || fail "escalation not shown: $(cat "$WORK/b.out")"
grep -q '"status":"escalated"' "$WORK/pb/events.jsonl" || fail "escalation not recorded"
grep -q '"kind":"on-failure"' "$WORK/pb/events.jsonl" || fail "entering the on-failure block not recorded"
grep -q '\*\*escalated\*\*' "$WORK/pb/proof.md" || fail "proof.md does not say escalated"
verify "$WORK/pb"
pass "a failed command takes its on-failure path and the run ends escalated"

echo "== wait within a deadline, then abort"
mkdir -p "$WORK/c"
start=$(date +%s%N)
set +e
"$DRBOOK" run "$WORK/flow.drbook" --param dir="$WORK/c" --param mode=waiting --proof-dir "$WORK/pc" --quiet >"$WORK/c.out" 2>&1
rc=$?
set -e
ms=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 1 ] || fail "an aborted run exited $rc"
[ $ms -ge 2000 ] && [ $ms -lt 6000 ] || fail "wait took ${ms}ms for a 2s deadline"
python3 - "$WORK/pc/events.jsonl" <<'PY' || fail "wait not journaled"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in ev if e["kind"] == "wait"][0]
assert w["verdict"] == "failed" and 4 <= w["polls"] <= 6, w
assert ev[-1]["status"] == "aborted" and ev[-1]["reason"] == "the replica never caught up", ev[-1]
PY
verify "$WORK/pc"
pass "wait polled until its deadline, then the run aborted (${ms}ms)"

echo "== a broken chain is never resumed"
cp -a "$WORK/pc" "$WORK/pd"
python3 - "$WORK/pd/events.jsonl" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines(True)
lines[2] = lines[2].replace('"kind"', '"kind" ', 1)
open(sys.argv[1], "w").write("".join(lines))
PY
set +e
"$DRBOOK" run --resume "$WORK/pd" >"$WORK/d.out" 2>&1
rc=$?
set -e
[ $rc -eq 2 ] || fail "resuming a broken journal exited $rc, want 2 (bad input)"
grep -q "is not intact, refusing to resume it" "$WORK/d.out" || fail "broken chain not explained: $(cat "$WORK/d.out")"
"$DRBOOK" run --resume "$WORK/pa" >"$WORK/d.out" 2>&1 || fail "resuming a finished run failed"
grep -q "already finished (passed)" "$WORK/d.out" || fail "a finished run was resumed"
pass "a broken journal is refused; a finished run is not run again"

echo "== wait on a probe declared in an imported module"
mkdir -p "$WORK/e"
cat >"$WORK/e/files.drbook" <<'RB'
module files "File helpers" {
  param dir: path
  probe marker: file "{dir}/ready" expect exists timeout 5s
}
RB
# The runbook declares a `marker` of its own: the journal keeps the two apart by the names the
# runbook uses for them.
cat >"$WORK/e/wait.drbook" <<'RB'
runbook wait_imported "Wait on an imported probe" {
  import "./files.drbook" as files
  probe marker: cmd "true" expect exit == 0 timeout 5s
  recovery { wait files.marker until ok within 20s every 200ms }
  validation { must marker, files.marker }
}
RB
(sleep 1 && touch "$WORK/e/ready") &
"$DRBOOK" run "$WORK/e/wait.drbook" --param files.dir="$WORK/e" --proof-dir "$WORK/pe" --quiet \
  >"$WORK/e.out" 2>&1 || fail "wait on an imported probe failed: $(cat "$WORK/e.out")"
wait
python3 - "$WORK/pe/events.jsonl" <<'PY' || fail "imported wait not journaled"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
w = [e for e in ev if e["kind"] == "wait"][0]
assert w["verdict"] == "ok" and w["probe"] == "files.marker" and w["polls"] >= 2, w
must = [e for e in ev if e["kind"] == "must"][0]
assert must["probes"] == {"marker": "ok", "files.marker": "ok"}, must
kinds = {e["probe"]: e["probe_kind"] for e in ev if e["kind"] == "probe"}
assert kinds == {"marker": "cmd", "files.marker": "file"}, kinds
PY
verify "$WORK/pe"
pass "wait polled an imported probe until it held; same-named probes stay apart in the journal"

echo "run_flow: all passed"

#!/usr/bin/env bash
# Cleanup against the sandbox: a scenario stops traffic, then aborts; its `finally` still
# brings the API back, the runbook's `finally` runs after it, and the proof verifies. A run
# killed with SIGKILL before its cleanup runs the cleanup when it is resumed, and a failing
# cleanup step does not skip the next one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

start_sandbox drbook-finally

cat >"$WORK/cleanup.drbook" <<'RB'
runbook cleanup_drill "Cleanup drill" {
  objectives { rto 10m }
  param url: url
  param sandbox: path
  param dir: path
  state traffic: enum { serving, stopped } = serving
  probe health: http GET "{url}/api/health" expect status == 200 timeout 5s
  probe alive: cmd "true" expect exit == 0 timeout 5s
  action stop_traffic "Scale the API to zero" idempotent {
    run "{sandbox} scale 0"
    effects traffic = stopped
    timeout 1m
  }
  action start_traffic "Bring the API back" idempotent {
    run "{sandbox} scale 1"
    effects traffic = serving
    timeout 1m
  }
  detection {
    check health
    decide scenario {
      ask "Which drill?" {
        broken "The restore fails and the run aborts"
        paused "The run is killed during the restore"
      }
    }
  }
  scenario broken {
    containment { do stop_traffic }
    recovery {
      run "exit 3" timeout 10s on failure { abort "the restore script failed" }
    }
    validation { must health }
    finally {
      run "exit 4" timeout 10s
      do start_traffic
    }
  }
  scenario paused {
    containment { do stop_traffic }
    recovery {
      run "touch {dir}/paused; while [ ! -e {dir}/go ]; do sleep 0.1; done" timeout 2m idempotent
    }
    validation { must alive }
    finally { do start_traffic }
  }
  finally { run "printf 'cleanup\n' >> {dir}/cleanup.log" timeout 10s }
}
RB
cd "$WORK"
"$DRBOOKC" check --Werror cleanup.drbook >check.out 2>&1 || fail "check: $(cat check.out)"
params=(--param url="$SANDBOX_URL" --param sandbox="$SANDBOX" --param dir="$WORK" --mode drill)
api_up() { curl -fsS -o /dev/null "$SANDBOX_URL/api/health" 2>/dev/null; }
# `sandbox scale 1` returns once the API answers; a few tries cover a slow machine.
api_comes_up() {
  for _ in $(seq 1 50); do api_up && return 0; sleep 0.1; done
  return 1
}

# An abort: the scenario's cleanup (a failing step, then the API back), then the runbook's.
echo '{"actor": "drill", "decisions": {"scenario": "broken"}}' >broken.json
if "$DRBOOK" run cleanup.drbook "${params[@]}" --answers broken.json --proof-dir p1 >run1.out 2>&1; then
  fail "an aborted run exited 0: $(cat run1.out)"
fi
grep -q "Run aborted: the restore script failed" run1.out || fail "no abort: $(cat run1.out)"
api_comes_up || fail "the scenario's finally did not bring the API back: $(cat run1.out)"
[ "$(cat cleanup.log)" = cleanup ] || fail "the runbook's finally did not run once"
python3 - p1/events.jsonl <<'PY' || fail "journal of the aborted run"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = [(e["kind"], e.get("action", e.get("node", ""))) for e in ev]
fin = [i for i, e in enumerate(ev) if e["kind"] == "finally"]
assert len(fin) == 2, fin
start = [i for i, e in enumerate(ev) if e["kind"] == "action-end" and e["action"] == "start_traffic"]
failed = [e for e in ev if e["kind"] == "action-end" and e["verdict"] == "failed" and e["node"].endswith("/0:run")]
assert failed and start and fin[0] < start[0] < fin[1], kinds
assert ev[-1]["kind"] == "end" and ev[-1]["status"] == "aborted", ev[-1]
PY
"$DRBOOK" verify p1 --allow-unsigned >verify1.out 2>&1 || fail "verify: $(cat verify1.out)"
grep -q "finally of scenario broken" p1/proof.md || fail "proof.md does not show the cleanup"
pass "an aborted scenario runs its cleanup (past a failing step) and the runbook's; the proof verifies"

# Killed before the cleanup: the API stays down until the run is resumed.
echo '{"actor": "drill", "decisions": {"scenario": "paused"}}' >paused.json
rm -f cleanup.log
("$DRBOOK" run cleanup.drbook "${params[@]}" --answers paused.json --proof-dir p2 >run2.out 2>&1) &
pid=$!
for _ in $(seq 1 500); do [ -e paused ] && break; sleep 0.02; done
[ -e paused ] || fail "the run never reached the restore: $(cat run2.out)"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
if api_up; then fail "the API came back without the cleanup"; fi
[ ! -e cleanup.log ] || fail "the cleanup ran before the run ended"
touch go
"$DRBOOK" run --resume p2 >resume.out 2>&1 || fail "the resumed run failed: $(cat resume.out)"
api_comes_up || fail "the resumed run did not bring the API back"
[ "$(cat cleanup.log)" = cleanup ] || fail "the runbook's finally did not run once on resume"
"$DRBOOK" verify p2 --allow-unsigned >verify2.out 2>&1 || fail "verify: $(cat verify2.out)"
pass "a run killed before its cleanup runs it on --resume, and the proof verifies"

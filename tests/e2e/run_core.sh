#!/usr/bin/env bash
# End-to-end tests of `drbook run`, `plan`, `verify` and `keygen` against a real HTTP server on
# loopback: probes of every kind but sql (run_sandbox_drill.sh and the SqlProbe units run those
# against a real PostgreSQL), decisions by rule and by the operator, answers files, destructive
# confirmations, parallel branches, --phases, dry runs, signed proofs, secrets that must appear
# nowhere, and bad input.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-run-core.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DRBOOK_STDLIB=$REPO_ROOT/stdlib

require_built "$DRBOOK"

# The secret: long and unusual, so finding it anywhere means it leaked.
export CORE_TOKEN='tok-3f9a"quote/slash-Zq81'

cat >"$WORK/server.py" <<'PY'
import json, sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
TOKEN = sys.argv[2]
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path == "/health":
            return self.send(200, {"status": "ok"})
        if self.path == "/ready":
            return self.send(200, {"status": "ready"})
        if self.path == "/caps":
            auth = self.headers.get("Authorization", "")
            # Echoes the credential back, as careless services do: it must still never leak.
            return self.send(200 if auth == "Bearer " + TOKEN else 401,
                             {"is_owner": auth == "Bearer " + TOKEN, "seen": auth})
        if self.path.startswith("/slow"):
            time.sleep(1)
            return self.send(200, {"slow": True})
        self.send(404, {})
class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 would queue parallel probes
srv = Server(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
python3 "$WORK/server.py" "$WORK/port" "$CORE_TOKEN" &
SERVER_PID=$!
wait_for -s "$WORK/port"
URL="http://127.0.0.1:$(cat "$WORK/port")"

now=$(python3 -c 'import datetime; print(datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S.000Z"))')
for i in $(seq 1 20); do
  code=200
  [ "$i" -eq 7 ] && code=503
  echo "{\"ts\":\"$now\",\"event\":\"request\",\"status_code\":$code,\"duration_ms\":$((i * 3)),\"path\":\"/x\"}"
done >"$WORK/app.jsonl"

cat >"$WORK/core.drbook" <<'RB'
runbook core "Core drill" {
  version "1.0"
  owner "ops-oncall"
  objectives { rto 10m }

  param url: url
  param workdir: path
  param logs: path
  param attempts: int = 1
  secret token: string from env "CORE_TOKEN"

  state traffic: enum { serving, stopped } = serving
  state backup: enum { none, taken } = none

  probe health: http GET "{url}/health" expect status == 200 and json.status == "ok" timeout 5s
  probe ready: http GET "{url}/ready" expect status == 200 timeout 5s
  probe caps: http GET "{url}/caps" bearer token
    expect status == 200 and json.is_owner == true timeout 5s
  probe errors: log logs where event == "request" and status_code >= 500
    window 24h expect rate < 0.1 timeout 5s
  probe latency: log logs where event == "request" window 24h expect p95(duration_ms) < 100 timeout 5s
  probe contained: file "{workdir}/stopped" expect exists timeout 2s
  probe listing: cmd "ls {workdir}" expect exit == 0 timeout 5s

  action stop_traffic "Stop traffic" idempotent {
    run "touch {workdir}/stopped"
    effects traffic = stopped
    timeout 10s
  }

  action take_backup "Take a backup" {
    run "echo backup > {workdir}/backup.txt"
    effects backup = taken
    timeout 10s
  }

  action restore "Restore from the backup" destructive {
    requires traffic == stopped and backup == taken
    run "touch {workdir}/restored"
    run "echo token is $CORE_TOKEN"
    timeout 10s
    retries 1
  }

  detection {
    check health, ready
    decide path {
      when ready.failed => restore_needed
      otherwise ask "The service answers. Restore anyway?" {
        restore_needed "Data is damaged: restore"
        nothing "Nothing to do"
      }
    }
  }
  containment {
    do stop_traffic
  }
  recovery {
    if path == restore_needed {
      do take_backup
      do restore
    } else {
      manual "Confirm that nothing needs restoring in {workdir}" estimate 1m
    }
    parallel {
      check listing
      check latency
    }
  }
  validation {
    must health, caps, contained
    wait errors until ok within 5s every 1s
    manual "UI smoke: log in as the owner" estimate 2m
  }

  invariant "traffic is stopped before a restore": before restore require traffic == stopped
}
RB

answers() {
  cat >"$WORK/$1.json"
}
answers full <<'JSON'
{"actor": "drill-bot",
 "decisions": {"path": "restore_needed"},
 "confirm": {"restore": true},
 "manual": {"UI smoke: log in as the owner": "done"}}
JSON

run_core() { "$DRBOOK" run "$WORK/core.drbook" --param url="$URL" --param workdir="$WORK/w" \
  --param logs="$WORK/app.jsonl" "$@"; }

echo "== a full drill with an answers file"
mkdir -p "$WORK/w"
run_core --mode drill --answers "$WORK/full.json" --proof-dir "$WORK/p1" \
  >"$WORK/p1.out" 2>"$WORK/p1.err" || fail "drill failed: $(cat "$WORK/p1.out" "$WORK/p1.err")"
[ -e "$WORK/w/restored" ] || fail "restore did not run"
"$DRBOOK" verify --allow-unsigned "$WORK/p1" >"$WORK/v1.out" || fail "verify: $(cat "$WORK/v1.out")"
grep -q "^# DRILL PROOF" "$WORK/p1/proof.md" || fail "proof.md is not marked DRILL PROOF"
grep -q "path = restore_needed" "$WORK/p1/proof.md" || fail "decision missing from proof.md"
grep -q "drill-bot" "$WORK/p1/proof.md" || fail "actor missing from proof.md"
grep -q "Measured RTO" "$WORK/p1/proof.md" || fail "RTO missing from proof.md"
grep -q '| start |' "$WORK/p1/proof.md" || fail "the run's start missing from the timeline"
if grep -q '| `` |' "$WORK/p1/proof.md"; then fail "an empty code span in proof.md's timeline"; fi
grep -q '"by":"operator"' "$WORK/p1/events.jsonl" || fail "operator decision not journaled"
grep -q '"answer":"confirmed"' "$WORK/p1/events.jsonl" || fail "confirmation not journaled"
grep -q '"probe":"ready","probe_kind":"http"' "$WORK/p1/events.jsonl" ||
  grep -q '"probe":"ready"' "$WORK/p1/events.jsonl" || fail "on-demand probe not journaled"
python3 - "$WORK/p1/events.jsonl" <<'PY' || fail "journal content"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
lat = [e for e in ev if e.get("probe") == "latency"][0]
assert lat["observed"]["stats"]["duration_ms"]["p95"] == 57, lat
assert lat["verdict"] == "ok"
err = [e for e in ev if e.get("probe") == "errors"][0]
assert err["observed"]["count"] == 1 and err["observed"]["total"] == 20, err
caps = [e for e in ev if e.get("probe") == "caps"][0]
assert caps["verdict"] == "ok" and "[REDACTED:token]" in caps["observed"]["body"], caps
PY
pass "drill ran every probe kind and action, verified, DRILL PROOF with decisions and actor"

echo "== the secret appears nowhere"
if grep -rqF "$CORE_TOKEN" "$WORK/p1" "$WORK/p1.out" "$WORK/p1.err"; then
  fail "the secret leaked: $(grep -rlF "$CORE_TOKEN" "$WORK/p1" "$WORK/p1.out" "$WORK/p1.err")"
fi
escaped=$(python3 -c 'import json,os; print(json.dumps(os.environ["CORE_TOKEN"])[1:-1])')
if grep -rqF "$escaped" "$WORK/p1"; then fail "the JSON-escaped secret leaked"; fi
grep -rq "REDACTED:token" "$WORK/p1/outputs" || fail "the echoed secret was not redacted in outputs/"
pass "secret absent (raw and JSON-escaped) from proof dir, stdout and stderr"

echo "== signed proof"
"$DRBOOK" keygen "$WORK/keys" >/dev/null
"$DRBOOK" keygen "$WORK/other" >/dev/null
rm -rf "$WORK/w" && mkdir -p "$WORK/w"
run_core --answers "$WORK/full.json" --proof-dir "$WORK/p2" --sign-key "$WORK/keys/drbook.key" \
  --quiet >/dev/null 2>&1 || fail "signed run failed"
[ -s "$WORK/p2/statement.dsse.json" ] || fail "no DSSE envelope"
grep -q "^# INCIDENT PROOF" "$WORK/p2/proof.md" || fail "default mode is not incident"
"$DRBOOK" verify "$WORK/p2" --pubkey "$WORK/keys/drbook.pub" >"$WORK/v2.out" ||
  fail "signed proof does not verify: $(cat "$WORK/v2.out")"
grep -q "^verified: .* (signed by SHA256:" "$WORK/v2.out" || fail "signature not reported"
set +e
"$DRBOOK" verify "$WORK/p2" --pubkey "$WORK/other/drbook.pub" >"$WORK/v3.out" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || fail "verify with another key exited $rc"
pass "keygen, --sign-key, verify --pubkey; another key is rejected"

echo "== a decision by rule, and the operator at a prompt"
# Input ends at the first question: a clean, recorded abort.
set +e
rm -rf "$WORK/w" && mkdir -p "$WORK/w"
run_core --proof-dir "$WORK/p3" </dev/null >"$WORK/p3.out" 2>"$WORK/p3.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "end of input exited $rc"
grep -q "input ended" "$WORK/p3.err" || fail "end of input not explained: $(cat "$WORK/p3.err")"
grep -q '"status":"interrupted"' "$WORK/p3/events.jsonl" || fail "abort not recorded"
"$DRBOOK" verify --allow-unsigned "$WORK/p3" >/dev/null || fail "the interrupted run's proof does not verify"
# Invalid input is asked again; numbers and names both work.
printf 'bogus\n2\ndone\ndone\n' | run_core --proof-dir "$WORK/p4" --actor alice >"$WORK/p4.out" 2>&1 ||
  fail "interactive run failed: $(cat "$WORK/p4.out")"
grep -q "'bogus' is not one of" "$WORK/p4.out" || fail "invalid input not re-asked"
grep -q '"actor":"alice"' "$WORK/p4/events.jsonl" || fail "--actor not recorded"
grep -q '"value":"nothing"' "$WORK/p4/events.jsonl" || fail "choice 2 not taken"
[ ! -e "$WORK/w/restored" ] || fail "restore ran on the 'nothing' path"
pass "end of input aborts cleanly and resumably; invalid answers are asked again"

echo "== the answers file must answer every question"
answers partial <<'JSON'
{"decisions": {"path": "restore_needed"}}
JSON
set +e
run_core --answers "$WORK/partial.json" --proof-dir "$WORK/p5" >"$WORK/p5.out" 2>"$WORK/p5.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "unanswered confirmation exited $rc"
grep -q "does not confirm destructive action 'restore'" "$WORK/p5.err" ||
  fail "missing confirmation not named: $(cat "$WORK/p5.err")"
grep -q "recovery/0/then/1:do:restore" "$WORK/p5.err" || fail "step id not named"
pass "an unanswered question stops the run naming the step"

echo "== parallel branches run concurrently"
{
  echo 'runbook par "Twenty slow probes" {'
  echo '  param url: url'
  for i in $(seq 1 20); do echo "  probe s$i: http GET \"{url}/slow?$i\" expect status == 200 timeout 5s"; done
  echo '  validation {'
  echo '    parallel {'
  for i in $(seq 1 20); do echo "      must s$i"; done
  echo '    }'
  echo '  }'
  echo '}'
} >"$WORK/par.drbook"
start=$(date +%s%N)
"$DRBOOK" run "$WORK/par.drbook" --param url="$URL" --proof-dir "$WORK/p6" --quiet >/dev/null 2>&1 ||
  fail "parallel run failed"
wall=$((($(date +%s%N) - start) / 1000000))
# One after another they would take 20 s: well under that proves they ran side by side, also
# on a loaded machine or under the sanitizers (how fast is tools/bench/bench.py's matter).
[ $wall -lt 5000 ] || fail "20 parallel 1s probes took ${wall}ms"
"$DRBOOK" verify --allow-unsigned "$WORK/p6" >/dev/null || fail "parallel proof does not verify"
pass "20 parallel 1s probes in ${wall}ms, proof verifies"

echo "== --phases, --dry-run and drbook plan"
rm -rf "$WORK/w" && mkdir -p "$WORK/w"
run_core --phases recovery,validation --answers "$WORK/full.json" --proof-dir "$WORK/p7" --quiet \
  >"$WORK/p7.out" 2>&1 || true
grep -q '"reason":"phase-not-selected"' "$WORK/p7/events.jsonl" || fail "skipped phase not recorded"
grep -q "## Skipped" "$WORK/p7/proof.md" || fail "proof.md does not list skipped steps"
[ ! -e "$WORK/w/stopped" ] || fail "a step of a skipped phase ran"
"$DRBOOK" verify --allow-unsigned "$WORK/p7" >/dev/null || fail "--phases proof does not verify"
rm -rf "$WORK/w" && mkdir -p "$WORK/w"
run_core --dry-run --answers "$WORK/full.json" >"$WORK/dry.out" 2>&1 || fail "dry run failed"
grep -q "would run (destructive): touch $WORK/w/restored" "$WORK/dry.out" || fail "dry run output: $(cat "$WORK/dry.out")"
[ -z "$(ls "$WORK/w")" ] || fail "the dry run changed something"
"$DRBOOK" plan "$WORK/core.drbook" >"$WORK/plan.out" || fail "drbook plan failed"
grep -q "path 1:" "$WORK/plan.out" || fail "plan lists no paths"
grep -q "^  ! action *do restore" "$WORK/plan.out" || fail "plan does not mark the destructive step: $(cat "$WORK/plan.out")"
"$DRBOOK" plan "$WORK/core.drbook" --max-paths 1 | grep -q "note: stopped after 1 paths" ||
  fail "path cap not reported"
pass "--phases records skips; --dry-run runs nothing; plan marks destructive steps and caps paths"

echo "== plan files from drbookc build"
(cd "$WORK" && "$DRBOOKC" build core.drbook -o core.drplan.json) || fail "drbookc build failed"
rm -rf "$WORK/w" && mkdir -p "$WORK/w"
"$DRBOOK" run "$WORK/core.drplan.json" --param url="$URL" --param workdir="$WORK/w" \
  --param logs="$WORK/app.jsonl" --answers "$WORK/full.json" --proof-dir "$WORK/p8" --quiet \
  >"$WORK/p8.out" 2>&1 || fail "running the plan failed: $(cat "$WORK/p8.out")"
cmp -s "$WORK/core.drplan.json" "$WORK/p8/plan.json" || fail "the proof does not keep the plan as run"
"$DRBOOK" verify --allow-unsigned "$WORK/p8" >/dev/null || fail "proof of a plan run does not verify"
# A plan that says something its source does not: an edge retargeted, digest recomputed.
python3 - "$WORK/core.drplan.json" "$WORK/forged.drplan.json" <<'PY'
import hashlib, json, sys
plan = json.load(open(sys.argv[1]))
text = json.dumps(plan)
assert '"restore"' in text
plan["runbook"]["title"] = "Forged"
body = dict(plan); body.pop("digest")
canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
plan["digest"] = "sha256:" + hashlib.sha256(canon.encode()).hexdigest()
open(sys.argv[2], "w").write(json.dumps(plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n")
PY
set +e
"$DRBOOK" run "$WORK/forged.drplan.json" --dry-run >"$WORK/forged.out" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || fail "a forged plan ran (exit $rc)"
grep -q "is not the plan its embedded source compiles to" "$WORK/forged.out" ||
  fail "forged plan not explained: $(cat "$WORK/forged.out")"
sed 's/"schema"/"schemx"/' "$WORK/core.drplan.json" >"$WORK/bad.drplan.json"
set +e
"$DRBOOK" run "$WORK/bad.drplan.json" --dry-run >"$WORK/forged.out" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] && grep -q "is not a drbook.plan" "$WORK/forged.out" || fail "a broken plan was not refused"
# Members other than the sources are skimmed, not parsed: what is not JSON there is still named.
expect_refused() { # PATTERN SED-SCRIPT
  sed "$2" "$WORK/core.drplan.json" >"$WORK/bad.drplan.json"
  set +e
  "$DRBOOK" run "$WORK/bad.drplan.json" --dry-run >"$WORK/forged.out" 2>&1
  rc=$?
  set -e
  [ $rc -eq 1 ] && grep -q "$1" "$WORK/forged.out" ||
    fail "a plan edited by '$2' was not refused with '$1': $(cat "$WORK/forged.out")"
}
expect_refused "is not a plan: not JSON" 's/"nodes":\[/"nodes":[nonsense,/'
expect_refused "is not a plan: not JSON" 's/"edges":\[/"edges":[{"from":"x"/'
expect_refused "the plan's digest does not match its content" 's/"title":"/"title":"Forged /'
pass "a plan runs and is kept in the proof; a forged or broken plan is refused"

echo "== bad input"
expect_exit() {
  local want=$1 pattern=$2
  shift 2
  set +e
  "$@" >"$WORK/bad.out" 2>&1
  local rc=$?
  set -e
  [ $rc -eq "$want" ] || fail "$* exited $rc, want $want: $(cat "$WORK/bad.out")"
  grep -q -- "$pattern" "$WORK/bad.out" || fail "$*: no '$pattern' in: $(cat "$WORK/bad.out")"
}
expect_exit 2 "unknown parameter 'urll'; did you mean 'url'" run_core --param urll=x --dry-run
expect_exit 2 "parameter 'attempts': 'many' is not an int" run_core --param attempts=many --dry-run
expect_exit 2 "parameter 'url': 'nowhere' is not a URL" "$DRBOOK" run "$WORK/core.drbook" \
  --param url=nowhere --param workdir=/tmp --param logs=/tmp/x --dry-run
expect_exit 2 "parameter 'workdir' (path) has no value" "$DRBOOK" run "$WORK/core.drbook" \
  --param url="$URL" --param logs=/tmp/x --dry-run
expect_exit 2 "environment variable CORE_TOKEN is not set" env -u CORE_TOKEN "$DRBOOK" run \
  "$WORK/core.drbook" --param url="$URL" --param workdir=/tmp --param logs=/tmp/x --dry-run
echo 'not json' >"$WORK/broken.json"
expect_exit 2 "broken.json: line 1, column 2: syntax error while parsing value" run_core --answers "$WORK/broken.json"
expect_exit 2 "cannot read the answers file" run_core --answers "$WORK/missing.json"
expect_exit 2 "Unknown command line argument '--frobnicate'" "$DRBOOK" run "$WORK/core.drbook" --frobnicate
expect_exit 2 "not a proof directory" "$DRBOOK" verify "$WORK/nowhere"
expect_exit 2 "cannot resume" "$DRBOOK" run --resume "$WORK/w"
expect_exit 2 "cannot read '$WORK/absent.drbook': No such file or directory" "$DRBOOK" run \
  "$WORK/absent.drbook"
grep -q "drbookc check" "$WORK/bad.out" && fail "a missing file is not a runbook that fails its check"
expect_exit 2 "cannot read '$WORK/absent.drplan.json': No such file" "$DRBOOK" run \
  "$WORK/absent.drplan.json"
expect_exit 2 "cannot read '$WORK': it is a directory" "$DRBOOK" plan "$WORK"
expect_exit 2 "already holds a run" run_core --answers "$WORK/full.json" --proof-dir "$WORK/p1"
printf 'runbook bad {\n  recovery {\n    do nothing_here\n  }\n}\n' >"$WORK/bad.drbook"
expect_exit 1 "refusing to run it" "$DRBOOK" run "$WORK/bad.drbook"
grep -q "bad.drbook:3:" "$WORK/bad.out" || fail "diagnostics not shown with their location"
pass "bad input is a clear error with the right exit code"

# A failed http probe shows the start of what the server said, under its result, labelled with
# the probe, and with the secret the server echoed back redacted.
cat >"$WORK/evidence.drbook" <<'RB'
runbook evidence "Evidence" {
  param url: url
  secret token: string from env "CORE_TOKEN"
  probe caps: http GET "{url}/caps" bearer token expect status == 200 timeout 5s
  probe health: http GET "{url}/health" expect status == 200 timeout 5s
  detection { check caps }
  recovery { run "true" timeout 5s }
  validation { must health }
}
RB
CORE_TOKEN="wrong-$CORE_TOKEN" "$DRBOOK" run "$WORK/evidence.drbook" --param url="$URL" \
  --proof-dir "$WORK/evidence" >"$WORK/evidence.out" 2>&1 || true
grep -qF 'FAIL caps' "$WORK/evidence.out" || fail "the caps probe did not fail: $(cat "$WORK/evidence.out")"
grep -qF '| caps: {"is_owner": false, "seen": "Bearer [REDACTED:token]"}' "$WORK/evidence.out" ||
  fail "no body shown as evidence: $(cat "$WORK/evidence.out")"
! grep -qF "$CORE_TOKEN" "$WORK/evidence.out" || fail "the echoed secret was shown"
pass "a failed http probe shows the start of the body, redacted, as evidence"

echo "run_core: all passed"

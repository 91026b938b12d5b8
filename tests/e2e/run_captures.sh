#!/usr/bin/env bash
# Run-time values against the sandbox: a runbook captures values from the API's HTTP answer,
# from PostgreSQL and from a command's output, takes the incident ticket from the operator,
# gives a secret to a command only through `env`, is killed with SIGKILL between the captures
# and their use, and is resumed. The resumed run must use exactly the captured values, the
# proof must verify, and the secret must appear nowhere. A value that cannot be captured fails
# its step with what was observed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export SANDBOX_OWNER_TOKEN=owner-tok-captures-5Kd81
start_sandbox drbook-captures
cd "$WORK"

cat >captures.drbook <<'RB'
runbook captures "Captured values survive a crash" {
  objectives { rto 30m }
  param url: url
  param dsn: string
  param sandbox: path
  param dir: path
  secret owner_token: string from env "SANDBOX_OWNER_TOKEN"
  env { OWNER_TOKEN = owner_token }

  probe version: http GET "{url}/api/version" expect status == 200 timeout 5s
    output app: string from json "$.app"
    output head: string from json "$.db_head"
  probe tenants: sql dsn query "select count(*) as n, min(name) as first from tenant"
    expect rows == 1 timeout 10s
    output n: int from column "n"
    output first: string from column "first"

  action backup "Back up the database" idempotent {
    run "{sandbox} backup captures-test"
    output file: path from stdout matches /(\S+\.dump)/
    timeout 2m
  }
  action pause "A long step" idempotent {
    run "touch {dir}/paused; if [ ! -e {dir}/resumed ]; then sleep 60; fi"
    timeout 5m
  }
  action use "Use what was captured" {
    run "printf '%s|%s|%s|%s|%s|%s\n' {ticket} {version.app} {version.head} {tenants.n} {tenants.first} {backup.file} > {dir}/used; test -n \"$OWNER_TOKEN\""
    timeout 1m
  }

  detection { check version, tenants on failure { escalate "the sandbox is down" } }
  recovery {
    ask ticket: string "Incident ticket?" matches /^INC-[0-9]+$/
    do backup
    do pause
    if tenants.n == 50 and version.app == "1.4.0" { do use } else { abort "unexpected values" }
  }
  validation { must version }
}
RB

"$DRBOOKC" check --Werror captures.drbook >check.out 2>&1 || fail "check: $(cat check.out)"
echo '{"ask": {"ticket": "INC-4711"}}' >answers.json
run() {
  exec "$DRBOOK" run captures.drbook --mode drill --actor ci --answers answers.json \
    --param url="$SANDBOX_URL" --param dsn="$SANDBOX_DSN" --param sandbox="$SANDBOX" \
    --param dir="$WORK" --proof-dir proof "$@"
}
(run >run1.out 2>&1) &
pid=$!
for _ in $(seq 1 500); do [ -e paused ] && break; sleep 0.02; done
[ -e paused ] || fail "the run never reached the long step: $(cat run1.out)"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
[ ! -e used ] || fail "the values were used before the crash"
touch resumed
"$DRBOOK" run --resume proof --answers answers.json >run2.out 2>&1 ||
  fail "the resumed run failed: $(cat run2.out)"
[ "$(cat used)" = "INC-4711|1.4.0|a1b2c3|50|tenant-01|$SANDBOX_DIR/backups/captures-test.dump" ] ||
  fail "the resumed run used other values: $(cat used)"
pass "values captured from HTTP, SQL, a command and the operator are used after kill -9 and resume"

"$DRBOOK" verify --allow-unsigned proof >verify.out 2>&1 || fail "verify: $(cat verify.out)"
python3 - proof/events.jsonl <<'PY' || fail "journal content"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
captured = {}
for e in ev:
    captured.update(e.get("captured", {}))
assert captured["version.app"] == "1.4.0" and captured["tenants.n"] == "50", captured
assert captured["ticket"] == "INC-4711" and captured["backup.file"].endswith(".dump"), captured
answer = [e for e in ev if e["kind"] == "answer"][0]
assert answer["actor"] == "ci" and answer["answer_source"] == "answers-file", answer
assert any(e["kind"] == "resume" for e in ev)
branch = [e for e in ev if e["kind"] == "branch"][0]
assert branch["value"] is True, branch
assert ev[-1]["kind"] == "end" and ev[-1]["status"] == "passed", ev[-1]
PY
grep -q '^| `tenants.n` | 50 | `detection/0:check:version,tenants` |' proof/proof.md ||
  fail "proof.md does not list the captured values: $(cat proof/proof.md)"
grep -q '^| `ticket` | INC-4711 (typed by ci) |' proof/proof.md || fail "proof.md lacks the answer"
if grep -rqF "$SANDBOX_OWNER_TOKEN" proof run1.out run2.out; then
  fail "the secret given through env leaked"
fi
pass "the proof verifies, records every captured value once, and shows no secret"

# A capture that does not match fails the step with what was observed.
sed -e 's|/(\\S+\\.dump)/|/(nothing-like-this)/|' captures.drbook >nomatch.drbook
touch resumed
set +e
"$DRBOOK" run nomatch.drbook --mode drill --actor ci --answers answers.json \
  --param url="$SANDBOX_URL" --param dsn="$SANDBOX_DSN" --param sandbox="$SANDBOX" \
  --param dir="$WORK" --proof-dir proof2 >nomatch.out 2>&1
status=$?
set -e
[ "$status" -ne 0 ] || fail "a capture that matched nothing passed"
grep -q 'output file: /(nothing-like-this)/ does not match stdout; stdout was ".*captures-test.dump' nomatch.out ||
  fail "the failure does not show what was observed: $(cat nomatch.out)"
"$DRBOOK" verify --allow-unsigned proof2 >/dev/null || fail "the failed run's proof does not verify"
pass "an output that does not match fails its step, showing the observed text"
echo "run_captures: all passed"

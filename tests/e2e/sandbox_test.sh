#!/usr/bin/env bash
# End-to-end test of the drbook sandbox: every endpoint, the faults and their recoveries, run
# against a real PostgreSQL. Needs drbook-sandbox-api built (or SANDBOX_API_BIN set).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SANDBOX=$REPO_ROOT/tools/sandbox/sandbox
export SANDBOX_API_BIN=${SANDBOX_API_BIN:-$BUILD_DIR/bin/drbook-sandbox-api}
export SANDBOX_OWNER_TOKEN=${SANDBOX_OWNER_TOKEN:-sandbox-owner-token}

require_built "$SANDBOX_API_BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sandbox-test.XXXXXX")
# When run as root the database runs as user postgres, which must be able to traverse WORK.
chmod 755 "$WORK"
export SANDBOX_DIR=$WORK/sandbox
cleanup() {
  "$SANDBOX" down --purge >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

sb() { "$SANDBOX" "$@" || fail "sandbox $* exited with $?"; }
http_code() { curl -s -o /dev/null -w '%{http_code}' -m 5 "$@" || true; }
expect_code() {
  local want=$1 got
  shift
  got=$(http_code "$@")
  [ "$got" = "$want" ] || fail "curl $* -> HTTP $got, want $want"
  pass "curl ${*: -1} -> $want"
}
# Prints one field of the JSON object read from stdin, as JSON.
json_field() {
  python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin).get(sys.argv[1])))' "$1"
}
expect_field() {
  local url=$1 field=$2 want=$3 got
  got=$(curl -s -m 5 "$url" | json_field "$field") || fail "$url did not return JSON"
  [ "$got" = "$want" ] || fail "$url: $field is $got, want $want"
  pass "$url: $field = $want"
}
expect_same_snapshot() {
  sb snapshot "$WORK/$1.snap" >/dev/null
  cmp -s "$WORK/before.snap" "$WORK/$1.snap" ||
    fail "snapshot after $1 differs from before: $(diff "$WORK/before.snap" "$WORK/$1.snap" | head -n 5)"
  pass "snapshot after $1 equals the pre-fault snapshot"
}

echo "== up"
sb up
# shellcheck disable=SC1091
. "$SANDBOX_DIR/env"
[ -n "${SANDBOX_URL:-}" ] || fail "env file has no SANDBOX_URL"
[ -n "${SANDBOX_DSN:-}" ] || fail "env file has no SANDBOX_DSN"
[ -f "${SANDBOX_LOG:-}" ] || fail "env file has no SANDBOX_LOG, or the log does not exist"
sb status

echo "== endpoints"
expect_code 200 "$SANDBOX_URL/api/health"
expect_code 200 "$SANDBOX_URL/api/ready"
expect_field "$SANDBOX_URL/api/version" app '"1.4.0"'
expect_field "$SANDBOX_URL/api/version" expected_head '"a1b2c3"'
expect_field "$SANDBOX_URL/api/version" db_head '"a1b2c3"'
login() {
  curl -s -m 5 -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" \
    "$SANDBOX_URL/api/v1/auth/login"
}
token=$(login owner@example.com owner-pass | json_field token) || fail "login returned no JSON"
[ "$token" = "\"$SANDBOX_OWNER_TOKEN\"" ] || fail "login token is $token"
pass "owner login returns the seeded token"
expect_code 401 -H 'Content-Type: application/json' \
  -d '{"email":"owner@example.com","password":"wrong"}' "$SANDBOX_URL/api/v1/auth/login"
caps=$(curl -s -m 5 -H "Authorization: Bearer $SANDBOX_OWNER_TOKEN" \
  "$SANDBOX_URL/api/v1/tenants/capabilities" | json_field is_owner)
[ "$caps" = true ] || fail "capabilities with owner token: is_owner is $caps"
pass "capabilities with owner token -> is_owner true"
caps=$(curl -s -m 5 -H "Authorization: Bearer sandbox-user-token-1" \
  "$SANDBOX_URL/api/v1/tenants/capabilities" | json_field is_owner)
[ "$caps" = false ] || fail "capabilities with user token: is_owner is $caps"
pass "capabilities with user token -> is_owner false"
expect_code 401 "$SANDBOX_URL/api/v1/tenants/capabilities"
expect_code 401 -H "Authorization: Bearer nope" "$SANDBOX_URL/api/v1/tenants/capabilities"
count=$(curl -s -m 5 "$SANDBOX_URL/api/v1/tenants" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$count" = 50 ] || fail "tenant list has $count entries, want 50"
pass "tenant list has 50 entries"
sb snapshot "$WORK/before.snap" >/dev/null
[ "$(grep -c '^[0-9]' "$WORK/before.snap")" = 56 ] || fail "snapshot should hold 56 rows"

echo "== fault wrong-migration, then restore"
sb fault wrong-migration
expect_code 503 "$SANDBOX_URL/api/ready"
expect_code 500 "$SANDBOX_URL/api/v1/tenants"
expect_field "$SANDBOX_URL/api/version" db_head '"d4e5f6"'
sb scale 0
expect_code 000 "$SANDBOX_URL/api/health"
if "$SANDBOX" status >/dev/null; then fail "status succeeded with the API scaled to 0"; fi
sb scale 0
sb deploy 1.4.0
sb restore
sb scale 1
sb rollout-status
expect_code 200 "$SANDBOX_URL/api/ready"
expect_code 200 "$SANDBOX_URL/api/v1/tenants"
expect_same_snapshot wrong-migration

echo "== fault bad-version, then rollback"
sb fault bad-version
expect_field "$SANDBOX_URL/api/version" app '"1.5.0-bad"'
expect_code 503 "$SANDBOX_URL/api/ready"
expect_code 500 "$SANDBOX_URL/api/v1/tenants"
sb rollback
sb rollout-status --timeout 10
expect_field "$SANDBOX_URL/api/version" app '"1.4.0"'
expect_code 200 "$SANDBOX_URL/api/ready"

echo "== fault corrupt / drop-table, then restore a named backup"
path=$("$SANDBOX" backup pre-corrupt) || fail "backup failed"
[ -f "$path" ] || fail "backup did not write $path"
[ "$(readlink "$SANDBOX_DIR/backups/latest")" = pre-corrupt.dump ] || fail "backup did not update latest"
pass "backup wrote $path"
sb fault corrupt
sb snapshot "$WORK/corrupt.snap" >/dev/null
if cmp -s "$WORK/before.snap" "$WORK/corrupt.snap"; then fail "corrupt fault changed nothing"; fi
sb fault drop-table
expect_code 503 "$SANDBOX_URL/api/ready"
expect_code 500 "$SANDBOX_URL/api/v1/tenants"
sb restore pre-corrupt
expect_code 200 "$SANDBOX_URL/api/ready"
expect_same_snapshot corrupt

echo "== fault lose-data, then restore"
sb fault lose-data
[ ! -d "$SANDBOX_DIR/pgdata" ] || fail "lose-data left the data directory"
expect_code 000 "$SANDBOX_URL/api/health"
if "$SANDBOX" status >/dev/null; then fail "status succeeded after host loss"; fi
sb restore "$SANDBOX_DIR/backups/initial.dump"
sb scale 1
sb rollout-status
sb status
expect_code 200 "$SANDBOX_URL/api/ready"
expect_same_snapshot lose-data

echo "== log contract"
python3 - "$SANDBOX_LOG" <<'PY' || fail "log contract violated"
import json, re, sys
ts = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ids, codes = set(), set()
with open(sys.argv[1]) as f:
    lines = f.read().splitlines()
assert len(lines) >= 30, f"only {len(lines)} log lines"
for n, line in enumerate(lines, 1):
    rec = json.loads(line)
    assert ts.match(rec["ts"]), f"line {n}: bad ts {rec['ts']!r}"
    assert rec["event"] == "request", f"line {n}: event {rec['event']!r}"
    assert isinstance(rec["status_code"], int), f"line {n}: status_code"
    assert isinstance(rec["duration_ms"], (int, float)) and rec["duration_ms"] >= 0, f"line {n}"
    assert isinstance(rec["request_id"], str) and rec["request_id"], f"line {n}: request_id"
    assert rec["request_id"] not in ids, f"line {n}: duplicate request_id"
    assert rec["path"].startswith("/api/") and rec["method"] in ("GET", "POST"), f"line {n}"
    ids.add(rec["request_id"])
    codes.add(rec["status_code"])
assert {200, 401, 500, 503} <= codes, f"status codes seen: {sorted(codes)}"
print(f"ok: {len(lines)} log lines follow the contract")
PY

echo "== down --purge"
sb down --purge
[ ! -e "$SANDBOX_DIR" ] || fail "down --purge left $SANDBOX_DIR"
pass "sandbox purged"
echo "PASS: sandbox e2e"

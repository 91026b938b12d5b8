# Shared by the end-to-end scripts, which source it: where the repository and the build are,
# and how a check reports. tools/test.sh runs tests/e2e/*.sh only, never this file.
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BUILD_DIR=${DRBOOK_BUILD_DIR:-build}
[[ $BUILD_DIR == /* ]] || BUILD_DIR=$REPO_ROOT/$BUILD_DIR
DRBOOK=$BUILD_DIR/bin/drbook
DRBOOKC=$BUILD_DIR/bin/drbookc
export NO_COLOR=1

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
pass() { echo "ok: $*"; }
require_built() {
  local bin
  for bin in "$@"; do
    [ -x "$bin" ] || fail "$bin is not built"
  done
}
# Polls up to 4 s for `test FLAG FILE` to hold (`wait_for -s port` for a non-empty file,
# `wait_for -e marker` for one that exists); the caller's next step tells whether it did.
wait_for() {
  local flag=$1 file=$2
  for _ in $(seq 1 200); do
    test "$flag" "$file" && return 0
    sleep 0.02
  done
  return 0
}
# The live processes that `drbook run` with pid $1 started, found by the DRBOOK_PROCESS mark
# every command's environment carries: one line each, pid and command line. A zombie has no
# environment left, so whatever is listed is alive.
processes_of_run() {
  local f pid
  for f in /proc/[0-9]*/environ; do
    if { tr '\0' '\n' <"$f"; } 2>/dev/null | grep -q "^DRBOOK_PROCESS=$1-"; then
      pid=${f#/proc/}
      pid=${pid%/environ}
      echo "$pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)"
    fi
  done
  true
}
# Fails unless journal $1 is whole lines of JSON.
journal_is_whole() {
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$1" ||
    fail "the journal $1 is not whole lines of JSON"
}
# Drills the public runbook examples/public/$1 in the temporary directory $2: the runbook must
# check clean, and its drill.sh must pass; the drill's output is left in $2/drill.out.
drill_public() {
  local name=$1 work=$2 runbook=$REPO_ROOT/examples/public/$1/dr.drbook
  "$DRBOOKC" check --Werror "$runbook" >"$work/check.out" 2>&1 ||
    fail "$name does not check clean: $(cat "$work/check.out")"
  DRBOOK_BUILD_DIR=$BUILD_DIR bash "$REPO_ROOT/examples/public/$name/drill.sh" "$work/drill" \
    >"$work/drill.out" 2>&1 || fail "the $name drill failed: $(tail -30 "$work/drill.out")"
  grep -q "verified (UNSIGNED: integrity only)" "$work/drill.out" || fail "the $name drill's proof was not verified"
}
# Starts the sandbox (tools/sandbox) in a new directory $WORK (named after $1) and loads its
# env (SANDBOX_URL, SANDBOX_DSN, …); on exit it is stopped and $WORK removed. SANDBOX names
# its control script. Set SANDBOX_OWNER_TOKEN first to choose the owner's token.
start_sandbox() {
  SANDBOX=$REPO_ROOT/tools/sandbox/sandbox
  export SANDBOX_API_BIN=${SANDBOX_API_BIN:-$BUILD_DIR/bin/drbook-sandbox-api}
  require_built "$DRBOOK" "$SANDBOX_API_BIN"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  chmod 755 "$WORK" # the database runs as user postgres when this runs as root
  export SANDBOX_DIR=$WORK/sandbox
  trap '"$SANDBOX" down --purge >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  "$SANDBOX" up >"$WORK/up.log" 2>&1 || fail "sandbox up: $(cat "$WORK/up.log")"
  # shellcheck disable=SC1091
  . "$SANDBOX_DIR/env"
}

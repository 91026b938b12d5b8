#!/usr/bin/env bash
# A command cannot outlive its timeout or its step by escaping its process group: ignoring
# SIGTERM, backgrounding itself, `setsid`, another process group (`set -m`), a double fork.
# After each run, a scan of /proc finds no process that any command of the run started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-fault-timeout.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

check_route() { # check_route NAME TIMEOUT COMMAND
  local name=$1 timeout=$2 cmd=$3
  python3 - "$cmd" "$timeout" >"$name.drbook" <<'PY'
import json, sys
cmd, timeout = sys.argv[1], sys.argv[2]
print('runbook escape "Escape" {\n  probe up: cmd "true" expect exit == 0 timeout 5s\n'
      '  recovery {\n    run ' + json.dumps(cmd) + ' timeout ' + timeout + '\n  }\n'
      '  validation { must up }\n}')
PY
  local started=$SECONDS rc=0
  "$DRBOOK" run "$name.drbook" --proof-dir "proof-$name" >"$name.log" 2>&1 &
  local pid=$!
  wait "$pid" || rc=$?
  [ $((SECONDS - started)) -lt 20 ] || fail "$name: the run took $((SECONDS - started)) s"
  local left
  left=$(processes_of_run "$pid")
  [ -z "$left" ] || fail "$name: processes outlived the command: $left"
  "$DRBOOK" verify "proof-$name" --allow-unsigned >/dev/null || fail "$name: the proof does not verify"
}

check_route ignores-term 1s "trap '' TERM; sleep 300 & wait"
check_route background 1s "sleep 300 & sleep 300"
check_route setsid 1s "setsid sleep 300 & wait"
check_route setsid-ignores-term 1s "setsid sh -c 'trap \"\" TERM; sleep 300; true' & wait"
check_route process-group 1s "set -m; sleep 300 & wait"
check_route double-fork 1s "(setsid sh -c 'exec sleep 300' &); sleep 300"
pass "at a timeout: ignoring SIGTERM, background, setsid, another group, double fork: nothing left"

# A daemon a step starts on purpose (as `pg_ctl start` does: setsid and a double fork) keeps
# running after the step and the run; a stray in the step's own group is stopped.
python3 - >daemon.drbook <<'PY'
print('runbook daemon "Daemon" {\n  probe up: cmd "true" expect exit == 0 timeout 5s\n'
      '  recovery {\n    run "(setsid sh -c \'echo $$ > daemon.pid; exec sleep 300\' &); '
      'until [ -s daemon.pid ]; do sleep 0.01; done; '
      'sleep 300 & echo $! > stray.pid" timeout 10s\n  }\n  validation { must up }\n}')
PY
"$DRBOOK" run daemon.drbook --proof-dir proof-daemon >daemon.log 2>&1 || fail "the daemon run failed: $(cat daemon.log)"
wait_for -s daemon.pid
kill -0 "$(cat daemon.pid)" 2>/dev/null || fail "the daemon the step started was stopped"
kill "$(cat daemon.pid)"
! kill -0 "$(cat stray.pid)" 2>/dev/null || fail "a stray of the step's own group outlived it"
pass "a daemon started on purpose outlives the step; a stray of its group does not"

#!/usr/bin/env bash
# Runs a real disaster-recovery drill: sets up the machine, starts the sandbox (a web API on a
# real PostgreSQL), breaks it the way scenario A, B or C of examples/sandbox/dr.drbook describes,
# lets `drbook run` detect and recover it from the runbook, verifies the proof, and checks that
# the data after recovery equals the data before the fault, row for row.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO_ROOT=$PWD

usage() {
  cat <<'EOF'
usage: tools/drill.sh [A|B|C]

Runs one disaster-recovery drill on the built-in sandbox (default: B).
  A  app-only failure: a bad release is deployed; recovery rolls it back
  B  wrong migration: the schema is migrated past the known-good head and a bad release
     deployed; recovery contains, takes an emergency backup, restores and validates
  C  host loss: the API and the database's data directory are gone; recovery provisions a
     new database and restores the last backup

The drill's files (proof, snapshots, logs) are kept in build/drill/<scenario>-<time>-<id>/.
Environment:
  DRBOOK_BUILD_DIR     build directory (default: build)
  DRILL_SKIP_SETUP=1   do not run tools/setup.sh (the build must be up to date)
  DRILL_RUN_DIR        keep the drill's files here instead (a new or empty directory)
  DRILL_ANSWERS        answers file (default: examples/sandbox/answers.json)
  DRILL_KEYS           the signing key pair's directory (default: build/drill/keys, made
                       with drbook keygen on first use)
  SANDBOX_OWNER_TOKEN  the owner's token to seed (default: a fresh random one)
EOF
}

case ${1:-B} in
A | a) scenario=A fault=bad-version expected=app_only title="app-only failure (bad release)" ;;
B | b) scenario=B fault=wrong-migration expected=db_mismatch title="wrong migration / DB mismatch" ;;
C | c) scenario=C fault=lose-data expected=infra_loss title="host loss (data directory gone)" ;;
-h | --help)
  usage
  exit 0
  ;;
*)
  echo "drill: unknown scenario '$1'; expected A, B or C (see tools/drill.sh --help)" >&2
  exit 2
  ;;
esac
[ $# -le 1 ] || {
  echo "drill: expected one scenario, got: $*" >&2
  exit 2
}

say() { echo "drill: $*"; }
fail() {
  echo "drill: FAILED: $*" >&2
  exit 1
}

if [ "${DRILL_SKIP_SETUP:-0}" != 1 ]; then
  say "setting up this machine and building (tools/setup.sh)"
  tools/setup.sh
fi
build_dir=${DRBOOK_BUILD_DIR:-build}
[[ $build_dir == /* ]] || build_dir=$REPO_ROOT/$build_dir
DRBOOK=$build_dir/bin/drbook
SANDBOX=$REPO_ROOT/tools/sandbox/sandbox
RUNBOOK=examples/sandbox/dr.drbook
ANSWERS=${DRILL_ANSWERS:-examples/sandbox/answers.json}
for bin in drbook drbook-sandbox-api; do
  [ -x "$build_dir/bin/$bin" ] || fail "$build_dir/bin/$bin is not built; run tools/setup.sh"
done
export SANDBOX_API_BIN=$build_dir/bin/drbook-sandbox-api
export DRBOOK_STDLIB=$REPO_ROOT/stdlib
export NO_COLOR=1

# Everything this drill leaves behind: proof, snapshots, sandbox logs, the runbook's output.
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if [ -n "${DRILL_RUN_DIR:-}" ]; then
  [ ! -e "$DRILL_RUN_DIR" ] || [ -z "$(ls -A "$DRILL_RUN_DIR")" ] ||
    fail "$DRILL_RUN_DIR is not empty"
  mkdir -p "$DRILL_RUN_DIR"
  RUN_DIR=$(cd "$DRILL_RUN_DIR" && pwd)
else
  mkdir -p "$build_dir/drill"
  RUN_DIR=$(mktemp -d "$build_dir/drill/$scenario-$stamp-XXXX")
fi
chmod 755 "$RUN_DIR"
PROOF=$RUN_DIR/proof
# The proof is signed as a team's would be: one key pair for every drill, made on first use.
KEYS=${DRILL_KEYS:-$build_dir/drill/keys}
[ -e "$KEYS/drbook.key" ] || "$DRBOOK" keygen "$KEYS" >/dev/null || fail "drbook keygen $KEYS failed"

# PostgreSQL runs as user postgres when this runs as root, and must reach its data directory;
# a checkout under a private home directory cannot host it, /tmp always can.
SANDBOX_HOME=$RUN_DIR
if [ "$(id -u)" -eq 0 ] && ! (cd / && runuser -u postgres -- test -x "$RUN_DIR") 2>/dev/null; then
  SANDBOX_HOME=$(mktemp -d "${TMPDIR:-/tmp}/drbook-drill.XXXXXX")
  chmod 755 "$SANDBOX_HOME"
fi
export SANDBOX_DIR=$SANDBOX_HOME/sandbox
# A fresh owner token per drill: the runbook reads it as a secret, so it must not leak anywhere.
SANDBOX_OWNER_TOKEN=${SANDBOX_OWNER_TOKEN:-drill-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
export SANDBOX_OWNER_TOKEN

stop_sandbox() {
  if [ -d "$SANDBOX_DIR" ]; then
    mkdir -p "$RUN_DIR/sandbox-logs"
    cp -p "$SANDBOX_DIR"/logs/*.log "$RUN_DIR/sandbox-logs/" 2>/dev/null || true
    "$SANDBOX" down --purge >>"$RUN_DIR/sandbox.out" 2>&1 ||
      echo "drill: could not stop the sandbox; see $RUN_DIR/sandbox.out" >&2
  fi
  [ "$SANDBOX_HOME" = "$RUN_DIR" ] || rm -rf "$SANDBOX_HOME"
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

# Paths inside the repository are shown relative to it: shorter, and what one types from there.
shown() { echo "${1#"$REPO_ROOT"/}"; }

sb() {
  "$SANDBOX" "$@" >>"$RUN_DIR/sandbox.out" 2>&1 || {
    tail -n 5 "$RUN_DIR/sandbox.out" >&2
    fail "sandbox $* failed; see $(shown "$RUN_DIR")/sandbox.out"
  }
}

# Requests as users would make them, so the request log has a baseline and, after the fault,
# the 5xx errors an on-call engineer would be paged for.
user_traffic() {
  local i
  for i in $(seq 1 "$1"); do
    curl -s -o /dev/null -m 2 "$SANDBOX_URL/api/v1/tenants" || true
    curl -s -o /dev/null -m 2 "$SANDBOX_URL/api/ready" || true
  done
}


# Prints the drill's summary from the proof and exits non-zero if any part of the drill failed.
# Arguments: run status, verify status, snapshot verdict ("same", "differs" or "missing").
summarise() {
  python3 - "$(shown "$PROOF")" "$expected" "$1" "$2" "$3" "$(shown "$RUN_DIR")" <<'PY'
import json, os, sys
proof, expected, run_rc, verify_rc, snap, run_dir = sys.argv[1:]
events = []
path = os.path.join(proof, "events.jsonl")  # relative to the repository, the working directory
if os.path.exists(path):
    for text in open(path, errors="replace"):
        try:
            events.append(json.loads(text))
        except ValueError:  # a torn last line; drbook verify reports it
            pass
def ms(v):
    if v < 60000:
        return f"{v / 1000:.1f}s"
    m, s = divmod(v // 1000, 60)
    h, m = divmod(m, 60)
    return "".join(f"{n}{u}" for n, u in ((h, "h"), (m, "m"), (s, "s")) if n)
def first(kind, **fields):
    return next((e for e in events if e.get("kind") == kind
                 and all(e.get(k) == v for k, v in fields.items())), None)
decision = first("decision", decision="scenario")
end = first("end") or {}
start = first("start") or {}
step_kinds = ("action-end", "check", "must", "wait", "decision", "operator")
steps = [e for e in events if e.get("kind") in step_kinds and "step" in e]
actions = [e["action"] for e in events if e.get("kind") == "action-end"]
ok = True
def line(label, text, good=True):
    global ok
    ok &= good
    print(f"  {label:<19} {text}{'' if good else '   <-- FAILED'}")
print()
print("Drill summary")
if decision:
    by = decision.get("by", "?")
    how = "by rule: " + decision.get("rule", "") if by == "rule" else "by " + by
    right = decision["value"] == expected
    text = f"{decision['value']} ({how})" + ("" if right else f", expected {expected}")
    line("scenario detected", text, right)
else:
    line("scenario detected", f"none, expected {expected}", False)
line("steps run", f"{len(steps)}; actions: {' -> '.join(actions) or 'none'}")
rto = end.get("rto_measured_ms")
objective = (start.get("objectives") or {}).get("rto_ms")
if rto is not None and end.get("status") == "passed":
    met = objective is None or rto <= objective
    against = ""
    if objective:
        against = f" against an objective of {ms(objective)}: {'met' if met else 'MISSED'}"
    line("measured RTO", ms(rto) + against, met)
elif rto is not None:
    line("measured RTO", f"none: the run ended {end.get('status')} after {ms(rto)}", False)
else:
    line("measured RTO", "none: the run did not end", False)
status = end.get("status", "did not finish") + (f": {end['reason']}" if end.get("reason") else "")
line("run", status, run_rc == "0" and end.get("status") == "passed")
verdict = "signed, verified by drbook verify" if verify_rc == "0" else "drbook verify FAILED"
line("proof", f"{proof} ({verdict})", verify_rc == "0")
texts = {"same": "identical to before the fault, row for row",
         "differs": f"DIFFERS from before the fault (diff in {run_dir}/snapshot.diff)",
         "missing": "could not be compared (no snapshot after recovery)"}
line("database", texts[snap], snap == "same")
print()
print("DRILL PASSED" if ok else "DRILL FAILED")
sys.exit(0 if ok else 1)
PY
}

say "scenario $scenario: $title"
say "files of this drill: $(shown "$RUN_DIR")"
say "starting the sandbox in $(shown "$SANDBOX_DIR")"
sb up
# shellcheck disable=SC1091
. "$SANDBOX_DIR/env"
user_traffic 20
# The last scheduled backup: what the runbook restores from.
backup_file=$("$SANDBOX" backup "scheduled-$stamp" 2>>"$RUN_DIR/sandbox.out") ||
  fail "the scheduled backup failed; see $(shown "$RUN_DIR")/sandbox.out"
sb snapshot "$RUN_DIR/before.csv"
say "sandbox up: api $SANDBOX_URL, database $SANDBOX_DSN, last backup $(basename "$backup_file")"
say "snapshot of the data before the fault: $(grep -vc '^--' "$RUN_DIR/before.csv") lines"

say "injecting the fault: sandbox fault $fault"
sb fault "$fault"
user_traffic 5

say "running the runbook: drbook run $RUNBOOK --mode drill --answers $ANSWERS --sign-key $(shown "$KEYS/drbook.key")"
echo
run_rc=0
"$DRBOOK" run "$RUNBOOK" --mode drill --answers "$ANSWERS" --proof-dir "$(shown "$PROOF")" \
  --sign-key "$KEYS/drbook.key" \
  --param url="$SANDBOX_URL" --param dsn="$SANDBOX_DSN" --param log_file="$(shown "$SANDBOX_LOG")" \
  --param sandbox="$(shown "$SANDBOX")" --param sandbox_dir="$(shown "$SANDBOX_DIR")" \
  --param backup_file="$(shown "$backup_file")" </dev/null 2>&1 |
  tee "$RUN_DIR/drbook-run.out" || run_rc=$?
echo

say "checking the proof: drbook verify $(shown "$PROOF") --pubkey $(shown "$KEYS/drbook.pub")"
verify_rc=0
# pipefail: the pipeline's status is drbook verify's.
"$DRBOOK" verify "$PROOF" --pubkey "$KEYS/drbook.pub" 2>&1 | tee "$RUN_DIR/drbook-verify.out" | sed 's/^/  /' || verify_rc=$?

snap=missing
if "$SANDBOX" snapshot "$RUN_DIR/after.csv" >>"$RUN_DIR/sandbox.out" 2>&1; then
  if cmp -s "$RUN_DIR/before.csv" "$RUN_DIR/after.csv"; then
    snap=same
  else
    snap=differs
    diff "$RUN_DIR/before.csv" "$RUN_DIR/after.csv" >"$RUN_DIR/snapshot.diff" || true
  fi
fi
summarise "$run_rc" "$verify_rc" "$snap"

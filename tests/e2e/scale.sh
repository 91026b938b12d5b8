#!/usr/bin/env bash
# The largest inputs at a size CI affords: `drbookc check`, `drbook plan` and `drbook verify`
# must handle them (no crash, no stack exhaustion, the right answer), whatever the time. Speed
# is measured in tools/bench, never here.
#   - a runbook of 100,000 `do` steps in one phase (a path a hundred thousand steps long);
#   - a runbook of 2,000 decisions in a row (2^2000 paths: plan must stop at its cap);
#   - the proof of a 4,000-step run (12,000+ journal events), verified;
#   - run and verify of one plan over a journal sixteen times longer, in the same memory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-scale.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
require_built "$DRBOOK" "$DRBOOKC"
cd "$WORK"

# N `do` steps of one action, in recovery: the benchmarks' generator.
long_runbook() { # N FILE
  python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import gen_inputs
gen_inputs.do_steps(sys.argv[3], int(sys.argv[2]))' "$REPO_ROOT/tools/bench" "$1" "$2"
}

long_runbook 100000 long.drbook
"$DRBOOKC" check long.drbook >check.out 2>&1 || fail "check of 100k steps: $(tail -5 check.out)"
"$DRBOOK" plan long.drbook --max-paths 2 >plan.out 2>plan.err ||
  fail "plan of 100k steps exited $?: $(tail -5 plan.err)"
grep -q '^steps: 2+ path(s)' plan.out || fail "plan did not count its paths: $(head -1 plan.out)"
steps=$(grep -c '^  \* action       do step$' plan.out)
# The first path runs every step; the second fails at one of them.
[ "$steps" -ge 100000 ] || fail "plan listed $steps steps of the 100,000 on its first path"
pass "check and plan handle a runbook of 100,000 steps"

python3 - <<'PY'
with open("choices.drbook", "w") as f:
    f.write('runbook choices "Many decisions" {\n  param dir: path = "."\n')
    f.write('  param fast: bool = true\n')
    f.write('  probe done: file "{dir}" expect exists timeout 5s\n')
    f.write('  action step "One step" { run "true" timeout 5s }\n  recovery {\n')
    f.writelines('    if fast { do step } else { do step }\n' for _ in range(2000))
    f.write("  }\n  validation { must done }\n}\n")
PY
"$DRBOOKC" check choices.drbook >check.out 2>&1 || fail "check of 2,000 decisions: $(tail -5 check.out)"
"$DRBOOK" plan choices.drbook --max-paths 5 >plan.out 2>plan.err ||
  fail "plan of 2,000 decisions exited $?: $(tail -5 plan.err)"
grep -q '^choices: 5+ path(s)' plan.out || fail "plan did not stop at its cap: $(head -1 plan.out)"
grep -q '^note: stopped after 5 paths' plan.out || fail "plan did not say it stopped"
pass "plan stops at its cap on 2^2000 paths"

long_runbook 4000 run.drbook
"$DRBOOK" run run.drbook --proof-dir proof --quiet >run.out 2>&1 ||
  fail "the 4,000-step run failed: $(tail -5 run.out)"
events=$(wc -l <proof/events.jsonl)
[ "$events" -ge 12000 ] || fail "the journal has only $events events"
"$DRBOOK" verify proof --allow-unsigned >verify.out 2>&1 ||
  fail "verify of a $events-event journal: $(tail -5 verify.out)"
grep -q "journal hash chain intact ($events events" verify.out ||
  fail "verify did not read every event: $(cat verify.out)"
pass "verify checks the proof of a 4,000-step run ($events events)"

# Memory that does not grow with the journal: the same plan (gen_inputs.looped_steps), run over
# 6 and 24 items (288 and 4,608 steps, each printing 1.5 KB that the journal and proof.md show).
# Neither the run writing its proof nor verify keeps the journal's events or the page, so their
# peak memory is the plan's, whatever the run's length; keeping either would add some 10 MB
# and more to the longer one's.
python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import gen_inputs
gen_inputs.looped_steps("looped.drbook", bound=24, command="seq 1 400")' "$REPO_ROOT/tools/bench"
peak_kb() { # COMMAND...: runs it, prints its peak resident memory in KB, fails if it fails
  python3 -c 'import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if code == 0 else -code)
sys.exit(code)' "$@"
}
for n in 6 24; do
  items=$(seq -s, 1 "$n")
  run_kb[$n]=$(peak_kb "$DRBOOK" run looped.drbook --param "items=$items" --proof-dir "looped$n" \
    --quiet) || fail "the run over $n items failed"
  verify_kb[$n]=$(peak_kb "$DRBOOK" verify "looped$n" --allow-unsigned) ||
    fail "verify of the run over $n items failed: $("$DRBOOK" verify "looped$n" --allow-unsigned | tail -3)"
done
if [ -n "${ASAN_OPTIONS:-}" ]; then
  # AddressSanitizer's quarantine keeps freed memory for a while, so under it peak memory grows
  # with all that was ever allocated; the plain build compares.
  echo "note: peak memory not compared under AddressSanitizer (its quarantine keeps freed memory)"
  exit 0
fi
for what in run verify; do
  declare -n kb="${what}_kb"
  # 30% over the shorter run's peak: what the allocator's 2 MB pages may vary by. Keeping the
  # events or the page costs the longer run half as much again (verify: 36 MB against 71 MB).
  [ $((kb[24] * 10)) -le $((kb[6] * 13)) ] ||
    fail "$what: peak memory grew with the journal: ${kb[6]} KB for 288 steps, ${kb[24]} KB for 4,608"
done
pass "run and verify use about the same memory for a journal sixteen times longer (run ${run_kb[6]}/${run_kb[24]} KB, verify ${verify_kb[6]}/${verify_kb[24]} KB)"

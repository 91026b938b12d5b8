#!/usr/bin/env bash
# `drbook run --serve`: a real drill on the sandbox (wrong migration, scenario B) watched in
# headless Chromium through its DevTools protocol: the token guards every request, the current
# step changes as the run advances, the end shows the verdict and the proof's link, every
# journal event is on the page, a screenshot of the end is kept. Then a run whose commands and
# answers hold markup: the page shows it as text; the same page served by `drbook watch`; and
# questions answered from the page (--serve-answer), a destructive one by two people.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
command -v chromium >/dev/null || fail "chromium is not installed (tools/setup.sh installs it)"

export SANDBOX_OWNER_TOKEN=owner-tok-live-console
start_sandbox drbook-live-console
backup=$("$SANDBOX" backup scheduled-live 2>/dev/null) || fail "the scheduled backup failed"
"$SANDBOX" fault wrong-migration >/dev/null 2>&1 || fail "fault injection failed"
OUT=$BUILD_DIR/test-output
mkdir -p "$OUT"

python3 "$REPO_ROOT/tests/e2e/lib/live_console.py" "$WORK/browser" "$OUT/live_console_drill.png" \
  "$DRBOOK" run "$REPO_ROOT/examples/sandbox/dr.drbook" --mode drill \
  --answers "$REPO_ROOT/examples/sandbox/answers.json" --proof-dir "$WORK/proof" \
  --param url="$SANDBOX_URL" --param dsn="$SANDBOX_DSN" --param log_file="$SANDBOX_LOG" \
  --param sandbox="$SANDBOX" --param sandbox_dir="$SANDBOX_DIR" --param backup_file="$backup" ||
  fail "the live console of the sandbox drill"
"$DRBOOK" verify --allow-unsigned "$WORK/proof" >/dev/null || fail "the drill's proof does not verify"
if grep -rqF "$SANDBOX_OWNER_TOKEN" "$WORK/proof"; then fail "the owner token leaked"; fi
pass "the sandbox drill, watched live, passed and its proof verifies"

cat >"$WORK/markup.drbook" <<'RB'
runbook markup "Markup <b>in</b> a title" {
  recovery {
    run "echo '<img src=x onerror=alert(1)>'" timeout 10s
    ask note: string "Anything <script>alert(2)</script>?"
    run "sleep 1" timeout 10s
  }
  validation {
    verify "The <i>service</i> answers"
  }
}
RB
printf '{"ask":{"note":"<svg onload=alert(3)>"},"verify":{"The <i>service</i> answers":"yes"}}' \
  >"$WORK/markup.json"
python3 "$REPO_ROOT/tests/e2e/lib/live_console.py" "$WORK/browser2" "$OUT/live_console_markup.png" \
  "$DRBOOK" run "$WORK/markup.drbook" --answers "$WORK/markup.json" --proof-dir "$WORK/markup" ||
  fail "the live console of a run full of markup"
pass "markup in the runbook, its commands and its answers shows as text"

# drbook watch --serve, started before the run: the same page, from the journal.
python3 "$REPO_ROOT/tests/e2e/lib/live_console.py" "$WORK/browser3" "$OUT/live_console_watch.png" \
  --watch "$DRBOOK" run "$WORK/markup.drbook" --answers "$WORK/markup.json" --proof-dir "$WORK/watched" ||
  fail "the live console of drbook watch --serve"
pass "drbook watch --serve shows a run started elsewhere, and ends with it"
# --serve-answer --two-person: questions answered from the page, the terminal's input closed.
cat >"$WORK/questions.drbook" <<'RB'
runbook questions "Questions from the page" {
  recovery {
    decide strategy {
      ask "Restore or repair?" {
        restore "from the backup"
        repair "in place"
      }
    }
    manual "Take the backup"
    run "echo wipe" timeout 5s destructive
  }
  validation {
    verify "It works"
  }
}
RB
python3 "$REPO_ROOT/tests/e2e/lib/answer_from_page.py" "$WORK/browser4" "$DRBOOK" \
  "$WORK/questions.drbook" "$WORK/answered" || fail "answering from the page"
"$DRBOOK" verify --allow-unsigned "$WORK/answered" >/dev/null || fail "the answered run's proof"
pass "questions answered from the page, a destructive step confirmed by two people"
echo "live_console: all passed"

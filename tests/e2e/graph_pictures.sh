#!/usr/bin/env bash
# Every example runbook's step graph goes through Graphviz (`drbookc graph --format svg`) and
# is laid out by headless Chromium, which must find no two labels overlapping. A picture made
# to overlap must be caught, so the check itself is tested.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOKC"
command -v dot >/dev/null || fail "Graphviz's dot is not installed (tools/setup.sh installs it)"
command -v chromium >/dev/null || fail "chromium is not installed (tools/setup.sh installs it)"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Writes $2.html: the page that measures the labels of SVG file $1 as the browser lays them out.
page_of() {
  python3 - "$1" "$REPO_ROOT/tests/e2e/lib/svg_overlaps.html.in" "$2.html" <<'PY'
import sys
svg = open(sys.argv[1], encoding="utf-8").read()
page = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[3], "w", encoding="utf-8").write(page.replace("@SVG@", svg[svg.index("<svg"):]))
PY
}
# Prints the page's verdict: {"texts": N, "overlaps": [...]}.
measure() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/profile" \
    --dump-dom "file://$1" 2>/dev/null | sed -n 's/.*>RESULT \(.*\)<\/pre>.*/\1/p'
}

# The check finds overlapping labels when there are some.
cat >"$WORK/overlap.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
<text x="10" y="50" font-size="14">restore the database</text>
<text x="40" y="52" font-size="14">stop traffic</text>
</svg>
SVG
page_of "$WORK/overlap.svg" "$WORK/overlap"
verdict=$(measure "$WORK/overlap.html")
[[ $verdict == *'"overlaps":["restore the database | stop traffic"]'* ]] ||
  fail "the overlap check missed two overlapping labels: $verdict"
pass "the overlap check finds overlapping labels"

for runbook in "$REPO_ROOT"/examples/*/*.drbook "$REPO_ROOT"/examples/public/*/dr.drbook; do
  grep -q '^runbook ' "$runbook" || continue # a module has no graph
  name=$(basename "$(dirname "$runbook")")-$(basename "$runbook" .drbook)
  "$DRBOOKC" graph --format svg "$runbook" >"$WORK/$name.svg" 2>"$WORK/$name.err" ||
    fail "$name: drbookc graph --format svg failed: $(cat "$WORK/$name.err")"
  grep -q '<svg' "$WORK/$name.svg" || fail "$name: no SVG written"
  page_of "$WORK/$name.svg" "$WORK/$name"
  verdict=$(measure "$WORK/$name.html")
  [[ $verdict == *'"overlaps":[]'* && $verdict != *'"texts":0,'* ]] ||
    fail "$name: labels overlap or are missing: $verdict"
  pass "$name: $(sed 's/.*"texts":\([0-9]*\).*/\1/' <<<"$verdict") labels, none overlapping"
done

# Without Graphviz the command says what to install, and fails as a usage error would.
set +e
PATH=/nonexistent "$DRBOOKC" graph --format svg "$REPO_ROOT/examples/casino/dr.drbook" \
  >/dev/null 2>"$WORK/nodot.err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "needs Graphviz's 'dot'.*graphviz" "$WORK/nodot.err" ||
  fail "without dot: exit $rc, $(cat "$WORK/nodot.err")"
pass "without Graphviz, svg says what to install"

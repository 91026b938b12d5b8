#!/usr/bin/env bash
# `cmake --install` puts drbookc and drbook in PREFIX/bin and the stdlib in
# PREFIX/share/drbook/stdlib, where the installed commands find it without DRBOOK_STDLIB: a
# module that exists only in the installed stdlib resolves, and a runbook importing the stdlib
# checks, runs and verifies from the installed tree.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_built "$DRBOOK" "$DRBOOKC"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unset DRBOOK_STDLIB

cmake --install "$BUILD_DIR" --prefix "$WORK/prefix" >"$WORK/install.out" 2>&1 ||
  fail "cmake --install failed: $(cat "$WORK/install.out")"
for f in bin/drbookc bin/drbook share/drbook/stdlib/dr.drbook share/drbook/stdlib/k8s.drbook; do
  [ -e "$WORK/prefix/$f" ] || fail "$f was not installed"
done
pass "installed: the two commands and the stdlib"

printf 'module only_installed "Only in the installed stdlib" {\n  state flag: bool = false\n}\n' \
  >"$WORK/prefix/share/drbook/stdlib/only_installed.drbook"
cat >"$WORK/t.drbook" <<'RB'
runbook installed "Runs from an installed drbook" {
  import std.dr
  import std.only_installed
  param dir: path
  probe ready: file "{dir}/t.drbook" expect exists timeout 5s
  action stop { run "true" effects dr.traffic = stopped timeout 10s }
  recovery { do stop }
  validation { must ready }
}
RB
(cd "$WORK" && "$WORK/prefix/bin/drbookc" check t.drbook) >"$WORK/check.out" 2>&1 ||
  fail "the installed drbookc did not find the installed stdlib: $(cat "$WORK/check.out")"
pass "the installed drbookc finds the installed stdlib"

(cd "$WORK" && "$WORK/prefix/bin/drbook" run t.drbook --param dir="$WORK" --proof-dir proof \
  --quiet) >"$WORK/run.out" 2>&1 || fail "the installed drbook run failed: $(cat "$WORK/run.out")"
"$WORK/prefix/bin/drbook" verify --allow-unsigned "$WORK/proof" >"$WORK/verify.out" 2>&1 ||
  fail "the installed drbook verify failed: $(cat "$WORK/verify.out")"
pass "the installed drbook runs and verifies a runbook that imports the stdlib"

echo "install_test: all passed"

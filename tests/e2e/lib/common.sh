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

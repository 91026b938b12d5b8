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

# Sourced by each public runbook's drill.sh once it has set `here` (its own directory) and
# `name`: $bin is where the built drbook is ($DRBOOK_BUILD_DIR, by default build/ at the
# repository's root) and $work the drill's directory (the drill's first argument, else a new
# temporary one).
root=$(cd "$here/../../.." && pwd)
build=${DRBOOK_BUILD_DIR:-build}
[[ $build == /* ]] || build=$root/$build
bin=$build/bin
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/drbook-$name-drill.XXXXXX")}

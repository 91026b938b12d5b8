#!/usr/bin/env bash
# Installs every Debian package drbook needs and configures the build. Idempotent: on a
# machine that already has everything it only re-checks, which takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build
  antlr4 libantlr4-runtime-dev
  llvm-14-dev llvm-14-tools
  libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libcurl4-openssl-dev curl
  libpq-dev postgresql
  libsodium-dev libre2-dev
  libmimalloc-dev
  libcpp-httplib-dev libcmark-dev
  python3 python3-jsonschema bsdutils
  graphviz chromium fonts-dejavu-core fonts-liberation
  zsh fish groff-base
  clang-format
  clang-14 libclang-rt-14-dev
  etcd-server etcd-client haproxy
  openssl libssl-dev openssh-client openssh-server
)

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir=${DRBOOK_BUILD_DIR:-build}

# The full SARIF 2.1.0 schema the tests validate drbookc's SARIF against. OASIS publishes it,
# but no Debian package ships it; the npm package @microsoft/jest-sarif does, at a pinned
# version, and the file's digest is checked.
sarif_schema="$build_dir/test-deps/sarif-schema-2.1.0.json"
sarif_sha256=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
if [ ! -f "$sarif_schema" ]; then
  command -v npm >/dev/null || $sudo_cmd apt-get install -y -qq --no-install-recommends npm
  tmp=$(mktemp -d)
  # A registry that does not answer once is asked again before setup gives up.
  for attempt in 1 2 3; do
    (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null) && break
    [ "$attempt" = 3 ] && exit 1
    sleep 10
  done
  tar -xzf "$tmp/microsoft-jest-sarif-1.0.0-beta.0.tgz" -C "$tmp" \
    package/lib/schemas/sarif-2.1.0-rtm.5.json
  echo "$sarif_sha256  $tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" | sha256sum -c --quiet
  mkdir -p "$(dirname "$sarif_schema")"
  mv "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$sarif_schema"
  rm -rf "$tmp"
fi
if [ ! -f "$build_dir/build.ninja" ]; then
  # DRBOOK_CMAKE_ARGS: extra configuration, as `tools/test.sh --sanitize` passes.
  # shellcheck disable=SC2086
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${DRBOOK_CMAKE_ARGS:-}
fi
cmake --build "$build_dir" -j "${DRBOOK_JOBS:-2}"

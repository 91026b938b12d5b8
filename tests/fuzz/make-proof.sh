#!/usr/bin/env bash
# Makes the proof that the proof fuzz target starts from: a real `drbook run` of proof.drbook
# into DIR/proof. $DRBOOK names the drbook to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: make-proof.sh DIR}
rm -rf "$dir"
mkdir -p "$dir/side"
"${DRBOOK:?}" run "$here/proof.drbook" --param dir="$dir/side" --proof-dir "$dir/proof" \
  --answers "$here/proof-answers.json" --quiet

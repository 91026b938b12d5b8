#!/usr/bin/env bash
# A drill of the etcd quorum-loss runbook on a real three-member cluster on loopback: writes
# keys, takes the scheduled snapshot, writes more (what the restore will lose), kills two
# members and wipes one's data directory. Then drbook runs the runbook with answers.json,
# drbook verify checks the proof, and the keys are compared: every key of the snapshot back,
# none written after it. Stops the cluster either way.
#
#   examples/public/etcd-quorum-loss/drill.sh [WORKDIR]     (needs etcd-server, etcd-client)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=etcd
source "$here/../drill-common.sh"
export ETCD_DRILL_DIR=$work/cluster ETCDCTL_API=3
cluster=$here/cluster
trap '"$cluster" stop-all >/dev/null 2>&1 || true' EXIT

"$cluster" init
"$cluster" up
for i in 1 2 3; do "$cluster" put "/app/key$i" "value$i" >/dev/null; done
"$cluster" snapshot "$work/scheduled.db" >/dev/null
"$cluster" put /app/after-snapshot lost >/dev/null
endpoints=$("$cluster" endpoints)
echo "drill: quorum loss: members 2 and 3 gone, member 2's disk wiped"
"$cluster" kill 2
"$cluster" kill 3
"$cluster" wipe 2

status=0
"$bin/drbook" run "$here/dr.drbook" --mode drill --answers "$here/answers.json" \
  --param cluster="$cluster" --param endpoints="$endpoints" --param snapshot="$work/scheduled.db" \
  --proof-dir "$work/proof" || status=$?
[ "$status" -eq 0 ] || { echo "drill: the run did not pass (exit $status)" >&2; exit 1; }
"$bin/drbook" verify "$work/proof" --allow-unsigned

keys=$(etcdctl --endpoints "$endpoints" get --prefix /app/ --keys-only | sed '/^$/d' | sort | tr '\n' ' ')
[ "$keys" = "/app/key1 /app/key2 /app/key3 " ] ||
  { echo "drill: the restored keys are '$keys', not the snapshot's" >&2; exit 1; }
echo "drill: passed: the cluster commits again with the snapshot's keys; proof in $work/proof"

#!/usr/bin/env bash
# A drill of the PostgreSQL point-in-time recovery runbook on a real server on loopback with WAL
# archiving: writes three rows, takes the base backup, writes two more (only the WAL archive
# holds them), notes the time, then deletes every row by accident. drbook runs the runbook with
# answers.json to that time; drbook verify checks the proof; the rows are compared: all five
# back, so the archive was replayed past the backup and stopped before the delete. Stops the
# server either way.
#
#   examples/public/postgres-pitr/drill.sh [WORKDIR]     (needs postgresql)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=pitr
source "$here/../drill-common.sh"
export PITR_DRILL_DIR=$work/server
server=$here/server
trap '"$server" stop >/dev/null 2>&1 || true' EXIT

"$server" init
"$server" sql "create table orders (id int primary key, item text)"
"$server" sql "insert into orders values (1, 'disk'), (2, 'cpu'), (3, 'ram')"
"$server" base-backup "$PITR_DRILL_DIR/base"
"$server" sql "insert into orders values (4, 'nic'), (5, 'psu')"
"$server" sql "select pg_switch_wal()" >/dev/null
sleep 1.5
target=$("$server" sql "select now()")
sleep 1.5
echo "drill: an accidental DELETE after $target"
"$server" sql "delete from orders"
"$server" sql "select pg_switch_wal()" >/dev/null
for _ in $(seq 1 50); do [ "$("$server" archived)" -ge 3 ] && break; sleep 0.2; done

port=$("$server" port)
status=0
"$bin/drbook" run "$here/dr.drbook" --mode drill --answers "$here/answers.json" \
  --param server="$server" --param base_backup="$PITR_DRILL_DIR/base" \
  --param wal_archive="$PITR_DRILL_DIR/archive" --param target_time="$target" \
  --param dsn="host=127.0.0.1 port=$port user=postgres dbname=postgres" \
  --param app_dsn="host=127.0.0.1 port=$port user=app dbname=postgres" \
  --proof-dir "$work/proof" || status=$?
[ "$status" -eq 0 ] || { echo "drill: the run did not pass (exit $status)" >&2; exit 1; }
"$bin/drbook" verify "$work/proof" --allow-unsigned

rows=$("$server" sql "select string_agg(item, ' ' order by id) from orders")
[ "$rows" = "disk cpu ram nic psu" ] ||
  { echo "drill: the restored rows are '$rows', not the five written before $target" >&2; exit 1; }
echo "drill: passed: all five rows back, the delete undone; proof in $work/proof"

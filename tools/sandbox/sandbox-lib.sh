# Functions sourced by the sandbox control script: state layout, PostgreSQL cluster handling and
# API process management. Not meant to be run on its own.
# shellcheck shell=bash

D=${SANDBOX_DIR:-./.sandbox}
[[ $D == /* ]] || D=$PWD/${D#./}
PGDATA_DIR=$D/pgdata
RUN_DIR=$D/run
LOG_DIR=$D/logs
BACKUP_DIR=$D/backups
CONFIG=$D/config
VERSION_FILE=$D/version
HISTORY_FILE=$D/version.history
API_PID_FILE=$RUN_DIR/api.pid
API_LOG=$LOG_DIR/api.log
API_OUT=$LOG_DIR/api.stderr
PG_LOG=$LOG_DIR/postgres.log
MARKER=$D/.drbook-sandbox
DB_NAME=casino
# Must match the release table compiled into drbook-sandbox-api.
KNOWN_VERSIONS="1.4.0 1.5.0-bad"
API_PORT=""
DB_PORT=""

say() { echo "sandbox: $*"; }
die() {
  echo "sandbox: error: $*" >&2
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
  elif command -v pg_ctl >/dev/null 2>&1; then
    # Resolve symlinks: client tools sit next to the real pg_ctl, not next to a link to it.
    dirname "$(readlink -f "$(command -v pg_ctl)")"
  else
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [ -x "$dir/pg_ctl" ] || die "PostgreSQL server binaries not found; install postgresql or set PG_BIN"
    echo "$dir"
  fi
}
PG_BIN=$(find_pg_bin)

# PostgreSQL refuses to run as root, so server-side tools run as the postgres user then, from /
# because the caller's working directory may be unreadable to that user.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

load_config() {
  if [ -f "$CONFIG" ]; then
    # shellcheck disable=SC1090
    . "$CONFIG"
  fi
}
require_sandbox() {
  [ -f "$MARKER" ] || die "no sandbox at $D (run 'sandbox up' or set SANDBOX_DIR)"
  load_config
  [ -n "$DB_PORT" ] || die "sandbox config $CONFIG has no DB_PORT"
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
db_url() { echo "postgresql://postgres@127.0.0.1:$DB_PORT/$DB_NAME"; }
api_url() { echo "http://127.0.0.1:$API_PORT"; }

# Serialises state-changing commands. Daemons are started with fd 9 closed so they never hold it.
take_lock() {
  exec 9>"$D/.lock"
  flock -w 120 9 || die "another sandbox command is still running on $D"
}

prepare_dirs() {
  mkdir -p "$D" "$RUN_DIR" "$LOG_DIR" "$BACKUP_DIR"
  touch "$MARKER" "$PG_LOG"
  if is_root; then
    chmod a+x "$D"
    chown postgres: "$RUN_DIR" "$PG_LOG"
    (cd / && runuser -u postgres -- test -x "$D") ||
      die "user postgres cannot reach $D; put SANDBOX_DIR under /tmp"
  fi
}

# NOTICEs from idempotent DDL ("already exists, skipping") would drown the status lines.
run_psql() {
  PGCONNECT_TIMEOUT=5 PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" \
    -U postgres "$@"
}
sql_value() { run_psql -d "$DB_NAME" -tA -c "$1"; }

db_running() {
  [ -f "$PGDATA_DIR/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

init_cluster() {
  say "initialising an empty database cluster in $PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  if is_root; then chown postgres: "$PGDATA_DIR"; fi
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C \
    >"$LOG_DIR/initdb.log" 2>&1 || die "initdb failed; see $LOG_DIR/initdb.log"
  # Unix socket paths are limited to ~107 bytes; deep SANDBOX_DIRs fall back to TCP only.
  local sockets=$RUN_DIR
  if [ $((${#RUN_DIR} + 20)) -gt 100 ]; then sockets=""; fi
  cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# drbook sandbox: loopback only, and durability traded for speed (drills simulate loss anyway).
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 32MB
EOF
}

start_db() {
  [ -f "$PGDATA_DIR/PG_VERSION" ] || init_cluster
  if ! db_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -o "-p $DB_PORT" -w -t 60 start \
      >/dev/null 9>&- || die "postgres failed to start; see $PG_LOG"
    say "database up on 127.0.0.1:$DB_PORT"
  fi
  if [ "$(run_psql -d postgres -tA -c "SELECT count(*) FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    run_psql -d postgres -c "CREATE DATABASE $DB_NAME" || die "cannot create database $DB_NAME"
    say "created empty database $DB_NAME"
  fi
}

stop_db() {
  local mode=${1:-fast}
  if db_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m "$mode" -w -t 60 stop >/dev/null ||
      die "postgres did not stop; see $PG_LOG"
    say "database stopped"
  fi
}

current_version() {
  if [ -s "$VERSION_FILE" ]; then head -n 1 "$VERSION_FILE"; else echo "1.4.0"; fi
}

set_version() {
  local version=$1
  [[ " $KNOWN_VERSIONS " == *" $version "* ]] ||
    die "unknown version '$version' (known: $KNOWN_VERSIONS)"
  echo "$version" >"$VERSION_FILE"
  if [ "$(tail -n 1 "$HISTORY_FILE" 2>/dev/null)" != "$version" ]; then
    echo "$version" >>"$HISTORY_FILE"
  fi
}

api_bin() {
  local build=${DRBOOK_BUILD_DIR:-build}
  [[ $build == /* ]] || build=$REPO_ROOT/$build
  local bin=${SANDBOX_API_BIN:-$build/bin/drbook-sandbox-api}
  [ -x "$bin" ] || die "API binary $bin not found; build target drbook-sandbox-api or set SANDBOX_API_BIN"
  echo "$bin"
}

api_pid() {
  local pid
  pid=$(cat "$API_PID_FILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid must not be mistaken for our server: it is the one reading our version file.
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$VERSION_FILE"; then
    return 1
  fi
  echo "$pid"
}

health_code() {
  curl -s -o /dev/null -w '%{http_code}' -m 2 "$(api_url)/api/health" 2>/dev/null || true
}

start_api() {
  if api_pid >/dev/null; then return 0; fi
  local bin
  bin=$(api_bin)
  [ -n "$API_PORT" ] || die "sandbox config $CONFIG has no API_PORT"
  [ -s "$VERSION_FILE" ] || set_version 1.4.0
  setsid "$bin" --port "$API_PORT" --dsn "$(db_url)" --log "$API_LOG" \
    --version-file "$VERSION_FILE" </dev/null >>"$API_OUT" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$API_PID_FILE"
  local i
  for i in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 5 "$API_OUT" >&2 || true
      die "API exited during startup; see $API_OUT"
    fi
    [ "$(health_code)" = 200 ] && break
    [ "$i" -lt 150 ] || die "API did not answer /api/health within 15s; see $API_OUT"
    sleep 0.1
  done
  say "api up on $(api_url) (version $(current_version), pid $pid)"
}

stop_api() {
  local pid i
  pid=$(api_pid) || {
    rm -f "$API_PID_FILE"
    return 0
  }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$API_PID_FILE"
  say "api stopped (pid $pid)"
}

write_env() {
  {
    printf 'SANDBOX_URL=%q\n' "$(api_url)"
    printf 'SANDBOX_DSN=%q\n' "$(db_url)"
    printf 'SANDBOX_LOG=%q\n' "$API_LOG"
    printf 'SANDBOX_DIR=%q\n' "$D"
    printf 'SANDBOX_API_PORT=%q\n' "$API_PORT"
    printf 'SANDBOX_DB_PORT=%q\n' "$DB_PORT"
  } >"$D/env"
}

migrate() {
  case $1 in
  a1b2c3 | d4e5f6) run_psql -d "$DB_NAME" -f "$SQL_DIR/$1.sql" >/dev/null || die "migration to $1 failed" ;;
  *) die "unknown schema head '$1' (known: a1b2c3, d4e5f6)" ;;
  esac
  say "schema at head $1"
}

backup() {
  local name=${1:-casino-$(date -u +%Y%m%dT%H%M%SZ)}
  name=${name%.dump}
  [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "invalid backup name '$name'"
  db_running || die "database is not running"
  local file=$BACKUP_DIR/$name.dump
  PGCONNECT_TIMEOUT=5 "$PG_BIN/pg_dump" -Fc -h 127.0.0.1 -p "$DB_PORT" -U postgres \
    -f "$file.tmp" "$DB_NAME" || {
    rm -f "$file.tmp"
    die "pg_dump failed"
  }
  mv -f "$file.tmp" "$file"
  ln -sfn "$name.dump" "$BACKUP_DIR/latest"
  echo "sandbox: backup written to $file" >&2
  echo "$file"
}


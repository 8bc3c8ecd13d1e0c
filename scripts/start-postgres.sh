#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the house-style store tests and print its SQLAlchemy URL.
#   url=$(bash scripts/start-postgres.sh)      # postgresql+psycopg://postgres@127.0.0.1:55432/plainspeak_test
# Installs Debian's `postgresql` package when no server binaries are found (apt-get update first).
# The cluster lives in $PLAINSPEAK_PG_DIR (default /tmp/plainspeak-pg-<port>), listens on 127.0.0.1 only,
# trusts local connections (a test server: never expose it) and is reused when it is already running.
# Stop it with: su postgres -c "pg_ctl -D DIR stop" (or, not root, pg_ctl -D DIR stop).
# Progress goes to stderr; only the URL goes to stdout. Exit status 1: it could not start.
set -euo pipefail
PORT=${PLAINSPEAK_PG_PORT:-55432}
DIR=${PLAINSPEAK_PG_DIR:-/tmp/plainspeak-pg-$PORT}
DB=${PLAINSPEAK_PG_DB:-plainspeak_test}
say() { echo "start-postgres: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN=$(bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2 || { say "apt-get failed"; exit 1; }
    BIN=$(bindir)
  fi
fi
[ -n "$BIN" ] && [ -x "$BIN/initdb" ] || { say "no PostgreSQL server binaries (apt-get install postgresql)"; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user then
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { say "no postgres user"; exit 1; }
  as_pg() { su postgres -s /bin/sh -c "$*"; }
  OWNER=postgres
else
  as_pg() { sh -c "$*"; }
  OWNER=$(id -un)
fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
if [ ! -f "$DIR/PG_VERSION" ]; then
  say "creating a cluster in $DIR"
  as_pg "'$BIN/initdb' -D '$DIR' -U '$OWNER' --auth=trust --encoding=UTF8 --no-instructions" >&2 \
    || { say "initdb failed"; exit 1; }
fi
if ! as_pg "'$BIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1; then
  say "starting on 127.0.0.1:$PORT"
  as_pg "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -t 60 \
    -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c max_connections=200\" start" >&2 \
    || { say "the server did not start; $DIR/server.log:"; tail -n 20 "$DIR/server.log" >&2 || true; exit 1; }
fi
if ! as_pg "'$BIN/psql' -h 127.0.0.1 -p $PORT -U '$OWNER' -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" \
    | grep -q 1; then
  as_pg "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U '$OWNER' '$DB'" >&2 || { say "createdb failed"; exit 1; }
fi
echo "postgresql+psycopg://$OWNER@127.0.0.1:$PORT/$DB"

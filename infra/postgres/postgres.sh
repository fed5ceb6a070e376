#!/usr/bin/env bash
# PostgreSQL for Continuum: uses DATABASE_URL when set, else the machine's local server on
# 127.0.0.1:5432 (started if stopped; installed from Debian's packages if missing and we are root).
#   postgres.sh ensure [URL]     make sure the server answers and the database exists
#   postgres.sh recreate URL     drop and create the database (test runs start clean)
#   postgres.sh url              print the URL in use
set -euo pipefail

DEFAULT_URL="postgres://postgres@127.0.0.1:5432/continuum"
URL="${2:-${DATABASE_URL:-$DEFAULT_URL}}"

log() { printf 'postgres: %s\n' "$*" >&2; }

# postgres://user[:pass]@host[:port]/db[?params] -> admin URL on the same server, and the db name.
db_name() { local u="${1%%\?*}"; printf '%s' "${u##*/}"; }
admin_url() { local u="${1%%\?*}"; printf '%s/postgres' "${u%/*}"; }

answers() { psql "$(admin_url "$URL")" -qtAc 'select 1' >/dev/null 2>&1; }

start_local() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "PostgreSQL is not installed; installing it from Debian's packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      log "PostgreSQL is not installed: install PostgreSQL 15+, or set DATABASE_URL"; exit 1
    fi
  fi
  local ver; ver=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting the local cluster $ver/main"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  # Debian's default is peer auth on the socket; our URL uses TCP to 127.0.0.1 with trust.
  for _ in $(seq 1 30); do answers && return 0; sleep 1; done
  log "the local server did not answer on $(admin_url "$URL")"; exit 1
}

ensure_server() {
  answers && return 0
  if [ -z "${DATABASE_URL:-}" ] || [ "$URL" = "$DEFAULT_URL" ]; then start_local; else
    log "no answer from $(admin_url "$URL")"; exit 1
  fi
}

create_db() {
  local db; db=$(db_name "$URL")
  [[ "$db" =~ ^[A-Za-z0-9_]+$ ]] || { log "database name '$db' must be letters, digits or _"; exit 1; }
  if [ "$(psql "$(admin_url "$URL")" -qtAc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    psql "$(admin_url "$URL")" -qc "create database \"$db\"" && log "created database $db"
  fi
}

case "${1:-ensure}" in
  ensure) ensure_server; create_db ;;
  recreate)
    ensure_server
    db=$(db_name "$URL")
    [[ "$db" =~ ^[A-Za-z0-9_]+$ ]] || { log "bad database name '$db'"; exit 1; }
    psql "$(admin_url "$URL")" -qc "drop database if exists \"$db\" with (force)"
    create_db ;;
  url) printf '%s\n' "$URL" ;;
  *) echo "usage: $0 ensure|recreate|url [URL]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Local OpenID Provider for Continuum (panva's oidc-provider, infra/oidc/server.mjs): the
# identity provider of `npm start` and of the test stack. Development and tests only.
#
#   bash infra/oidc/oidc.sh start|stop|status|reset|secret
#
# Environment (defaults in brackets):
#   OIDC_PORT [9400]                    HTTP on 127.0.0.1; issuer http://127.0.0.1:<port>
#   OIDC_USERS_FILE [infra/oidc/demo-users.json]  users: sub, login, password, name, email, tenant, groups
#   OIDC_CONSOLE_REDIRECT_URIS [http://127.0.0.1:3000/auth/callback]  continuum-console's redirect URIs
#   OIDC_CONSOLE_POST_LOGOUT_REDIRECT_URIS [http://127.0.0.1:3000/]   ... and post-logout redirect URIs
#   OIDC_CONSOLE_SECRET []              continuum-console's secret; generated into the data dir when unset
#   OIDC_API_RESOURCE [urn:continuum:api]  audience of the JWT access tokens
#   OIDC_ACCESS_TOKEN_TTL [3600]        seconds
#   OIDC_TEST_CLIENTS []                1: also client continuum-test-short-lived (API tokens live
#                                       OIDC_SHORT_TTL_SECONDS [2]) and resource urn:continuum:other-api
#   CONTINUUM_CACHE [${XDG_CACHE_HOME:-$HOME/.cache}/continuum]
#   OIDC_DATA_DIR [$CONTINUUM_CACHE/oidc-$OIDC_PORT]   signing keys, cookie keys, console secret, pid, log
#   OIDC_START_TIMEOUT [30]             seconds to wait for the provider to answer
#
# `secret` prints continuum-console's client secret (for the scripts that start the console).
# Exit status: 0 on success; `status` exits 1 when not running and 2 when alive but not answering.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
OIDC_PORT="${OIDC_PORT:-9400}"
CONTINUUM_CACHE="${CONTINUUM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum}"
OIDC_DATA_DIR="${OIDC_DATA_DIR:-$CONTINUUM_CACHE/oidc-$OIDC_PORT}"
OIDC_START_TIMEOUT="${OIDC_START_TIMEOUT:-30}"
export OIDC_USERS_FILE="${OIDC_USERS_FILE:-$SCRIPT_DIR/demo-users.json}"
HOST=127.0.0.1
ISSUER="http://$HOST:$OIDC_PORT"
PID_FILE="$OIDC_DATA_DIR/oidc.pid"
OUT_LOG="$OIDC_DATA_DIR/oidc.log"
SERVER="$SCRIPT_DIR/server.mjs"

log() { printf 'oidc.sh: %s\n' "$*"; }
die() {
  printf 'oidc.sh: %s\n' "$*" >&2
  exit 1
}

# shellcheck source=../pid.sh
. "$SCRIPT_DIR/../pid.sh"

# provider_pid: the pid from the pid file if that process is alive and is this provider.
provider_pid() { live_pid "$PID_FILE" "$SERVER"; }

# answers: the discovery document is served and names exactly this issuer.
answers() {
  node -e '
    const [url, issuer] = process.argv.slice(1);
    fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => (r.ok ? r.json() : null))
      .then((d) => process.exit(d && d.issuer === issuer ? 0 : 1), () => process.exit(1));
  ' "$ISSUER/.well-known/openid-configuration" "$ISSUER" >/dev/null 2>&1
}

cmd_start() {
  local pid deadline
  [ -f "$OIDC_USERS_FILE" ] || die "no users file $OIDC_USERS_FILE"
  [ -d "$REPO_ROOT/node_modules/oidc-provider" ] || die "oidc-provider is not installed (npm ci)"
  mkdir -p "$OIDC_DATA_DIR"
  chmod 700 "$OIDC_DATA_DIR"
  if pid="$(provider_pid)"; then
    if answers; then
      log "already running (pid $pid) at $ISSUER, data dir $OIDC_DATA_DIR"
      return 0
    fi
  else
    rm -f "$PID_FILE"
    if answers; then
      log "a provider not started from $OIDC_DATA_DIR already answers at $ISSUER; using it"
      return 0
    fi
    : >"$OUT_LOG"
    local setsid=""
    command -v setsid >/dev/null 2>&1 && setsid=setsid # own session: survives the caller's Ctrl-C
    OIDC_PORT="$OIDC_PORT" OIDC_DATA_DIR="$OIDC_DATA_DIR" OIDC_ISSUER="$ISSUER" \
      $setsid nohup node "$SERVER" </dev/null >>"$OUT_LOG" 2>&1 &
    pid=$!
    echo "$pid" >"$PID_FILE"
    log "launched (pid $pid), waiting for $ISSUER ..."
  fi
  deadline=$(($(date +%s) + OIDC_START_TIMEOUT))
  until answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$OUT_LOG" >&2 || true
      rm -f "$PID_FILE"
      die "provider process $pid exited during startup"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 30 "$OUT_LOG" >&2 || true
      die "provider (pid $pid) did not answer at $ISSUER within ${OIDC_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  log "running at $ISSUER (pid $pid), users from $OIDC_USERS_FILE, data dir $OIDC_DATA_DIR"
}

cmd_stop() {
  local pid i=0
  if ! pid="$(provider_pid)"; then
    rm -f "$PID_FILE"
    log "not running (data dir $OIDC_DATA_DIR)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
    sleep 0.2
    i=$((i + 1))
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(provider_pid)"; then
    if answers; then
      log "running (pid $pid) at $ISSUER, data dir $OIDC_DATA_DIR"
      return 0
    fi
    log "process $pid is alive but not answering at $ISSUER"
    return 2
  fi
  log "not running (port $OIDC_PORT, data dir $OIDC_DATA_DIR)"
  return 1
}

cmd_secret() {
  if [ -n "${OIDC_CONSOLE_SECRET:-}" ]; then
    printf '%s\n' "$OIDC_CONSOLE_SECRET"
  elif [ -f "$OIDC_DATA_DIR/console-secret" ]; then
    cat "$OIDC_DATA_DIR/console-secret"
    echo
  else
    die "no console secret yet in $OIDC_DATA_DIR: start the provider first"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset)
    cmd_stop
    rm -rf "$OIDC_DATA_DIR"
    log "deleted $OIDC_DATA_DIR (new signing keys at next start)"
    ;;
  secret) cmd_secret ;;
  -h | --help | help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" ;;
  *)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
    exit 64
    ;;
esac

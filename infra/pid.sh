# shellcheck shell=bash
# Sourced by infra/kafka/kafka.sh and infra/oidc/oidc.sh: how both tell their own process.

# live_pid <pid file> <text>...: print the pid from the pid file if that process is alive and its
# command line holds each <text>, in that order (guards against stale files and pid reuse).
live_pid() {
  local file="$1" pid cmd text
  shift
  [ -f "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  else
    cmd="$(ps -ww -p "$pid" -o args= 2>/dev/null || true)"
  fi
  for text in "$@"; do
    case "$cmd" in *"$text"*) cmd="${cmd#*"$text"}" ;; *) return 1 ;; esac
  done
  printf '%s\n' "$pid"
}

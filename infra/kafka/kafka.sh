#!/usr/bin/env bash
# Local Apache Kafka for Continuum: one KRaft node (broker + controller), or with
# KAFKA_NODES=3 a three-node cluster (each node broker + controller, a 3-voter
# quorum, one cluster id), run straight from Maven Central jars -- no Docker.
#
#   bash infra/kafka/kafka.sh start|stop|status [node]   (node 1..N: one node of a cluster)
#   bash infra/kafka/kafka.sh kill <node>                 kill -9 one node (its data stays)
#   bash infra/kafka/kafka.sh reset|classpath|brokers     brokers: the bootstrap list
#   bash infra/kafka/kafka.sh tool <MainClass> [args...]
#
# Environment (defaults in brackets):
#   KAFKA_NODES [1]               1, or 3 for a cluster (replication factor 3, min ISR 2)
#   KAFKA_PORT [9092]             PLAINTEXT listener on 127.0.0.1; node i of a cluster
#                                 listens on KAFKA_PORT + 2(i-1)
#   KAFKA_CONTROLLER_PORT [KAFKA_PORT+1]  KRaft controller listener; node i: + 2(i-1)
#   CONTINUUM_CACHE [${XDG_CACHE_HOME:-$HOME/.cache}/continuum]  jars + data live here
#   KAFKA_DATA_DIR [$CONTINUUM_CACHE/kafka-data-$KAFKA_PORT, or kafka-cluster-$KAFKA_PORT
#                   with node-<i>/ inside for a cluster]           config, logs, pid, data
#   KAFKA_HEAP_OPTS [-Xms256m -Xmx768m]                             broker heap
#   KAFKA_OPTS []                 extra JVM options for the broker
#   KAFKA_TOOL_HEAP_OPTS [-Xmx512m]  heap for `kafka.sh tool ...`
#   KAFKA_START_TIMEOUT [90]      seconds to wait for the broker to answer
#   KAFKA_STOP_TIMEOUT [30]       seconds to wait after SIGTERM before SIGKILL
#   KAFKA_LOCK_TIMEOUT [900]      seconds to wait for another kafka.sh holding the lock
#   JAVA_HOME, MVN [mvn]          which java / maven to use
#
# Exit status: 0 on success; `status` exits 1 when not running and 2 when the
# process is alive but does not answer.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"
BROKER_LOG4J="$SCRIPT_DIR/log4j2.yaml"
TOOLS_LOG4J="$SCRIPT_DIR/tools-log4j2.yaml"

KAFKA_NODES="${KAFKA_NODES:-1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
CONTINUUM_CACHE="${CONTINUUM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/continuum}"
if [ "$KAFKA_NODES" = 1 ]; then
  KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$CONTINUUM_CACHE/kafka-data-$KAFKA_PORT}"
else
  KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$CONTINUUM_CACHE/kafka-cluster-$KAFKA_PORT}"
fi
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_OPTS="${KAFKA_OPTS:-}"
KAFKA_TOOL_HEAP_OPTS="${KAFKA_TOOL_HEAP_OPTS:--Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_LOCK_TIMEOUT="${KAFKA_LOCK_TIMEOUT:-900}"
MVN="${MVN:-mvn}"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

# Same JVM tuning as Kafka's kafka-run-class.sh.
JVM_PERF_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"

HOST=127.0.0.1
MARKER="$KAFKA_DATA_DIR/.continuum-kafka"
CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id" # a cluster's nodes share one id

log() { printf 'kafka.sh: %s\n' "$*"; }
err() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() {
  err "$*"
  exit 1
}

case "$KAFKA_NODES" in 1 | 3 | 5) ;; *) die "KAFKA_NODES must be 1, 3 or 5 (a KRaft quorum wants an odd number of voters), not '$KAFKA_NODES'" ;; esac

node_port() { echo $((KAFKA_PORT + 2 * ($1 - 1))); }
node_controller_port() { echo $((KAFKA_CONTROLLER_PORT + 2 * ($1 - 1))); }

# use_node <i>: point the per-node variables at node i (1..KAFKA_NODES). One node keeps the
# historical layout (everything directly in KAFKA_DATA_DIR); a cluster puts node i in node-<i>/.
use_node() {
  NODE="$1"
  NODE_PORT="$(node_port "$NODE")"
  NODE_CONTROLLER_PORT="$(node_controller_port "$NODE")"
  if [ "$KAFKA_NODES" = 1 ]; then NODE_DIR="$KAFKA_DATA_DIR"; else NODE_DIR="$KAFKA_DATA_DIR/node-$NODE"; fi
  PID_FILE="$NODE_DIR/broker.pid"
  PROPS="$NODE_DIR/server.properties"
  OUT_LOG="$NODE_DIR/broker.out"    # JVM stdout/stderr (errors only)
  SERVER_LOG="$NODE_DIR/server.log" # log4j2 file appender
  LOG_DIRS="$NODE_DIR/data"         # Kafka log.dirs (partitions + KRaft metadata)
}
use_node 1

# Every node's ports must differ (KAFKA_CONTROLLER_PORT = KAFKA_PORT + 1 interleaves them).
check_ports() {
  local i all=""
  for i in $(seq 1 "$KAFKA_NODES"); do all="$all $(node_port "$i") $(node_controller_port "$i")"; done
  [ "$(printf '%s\n' $all | sort -u | wc -l)" -eq $((2 * KAFKA_NODES)) ] ||
    die "ports overlap:$all (with KAFKA_NODES=$KAFKA_NODES leave KAFKA_CONTROLLER_PORT unset, or set it to KAFKA_PORT + 1)"
}

bootstrap() { # the clients' bootstrap list
  local i out=""
  for i in $(seq 1 "$KAFKA_NODES"); do out="${out:+$out,}$HOST:$(node_port "$i")"; done
  printf '%s\n' "$out"
}

voters() {
  local i out=""
  for i in $(seq 1 "$KAFKA_NODES"); do out="${out:+$out,}$i@$HOST:$(node_controller_port "$i")"; done
  printf '%s\n' "$out"
}

now() { # seconds since epoch, sub-second where the shell allows it
  if [ -n "${EPOCHREALTIME:-}" ]; then printf '%s\n' "${EPOCHREALTIME/,/.}"; else date +%s; fi
}
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
[ -n "$KAFKA_VERSION" ] || die "cannot read <kafka.version> from $POM"
LIB_ROOT="$CONTINUUM_CACHE/kafka-$KAFKA_VERSION"
LIB_DIR="$LIB_ROOT/libs"
CP_FILE="$LIB_ROOT/classpath"
STAMP_FILE="$LIB_ROOT/pom.sha256" # written last: the fetch is complete only if it matches pom.xml

# ---------------------------------------------------------------- locking ---
# lock <fd> <file>: exclusive lock held until the script exits. flock(1) where
# available (Linux); elsewhere (macOS) an atomic mkdir with stale-owner check.
# The broker JVM is started with these fds closed so it never inherits a lock.
lock() {
  local fd="$1" file="$2" waited=0 owner
  mkdir -p "$(dirname "$file")"
  if command -v flock >/dev/null 2>&1; then
    eval "exec $fd>\"\$file\""
    flock -w "$KAFKA_LOCK_TIMEOUT" "$fd" || die "timed out after ${KAFKA_LOCK_TIMEOUT}s waiting for lock $file"
    return 0
  fi
  while ! mkdir "$file.d" 2>/dev/null; do
    owner="$(cat "$file.d/pid" 2>/dev/null || true)"
    # Owner gone (or never wrote its pid, e.g. killed right after mkdir): stale.
    if { [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; } || { [ -z "$owner" ] && [ "$waited" -ge 10 ]; }; then
      rm -rf "$file.d"
      continue
    fi
    [ "$waited" -lt $((KAFKA_LOCK_TIMEOUT * 2)) ] || die "timed out waiting for lock $file.d"
    sleep 0.5
    waited=$((waited + 1))
  done
  echo $$ >"$file.d/pid"
  LOCK_DIRS="${LOCK_DIRS:-} $file.d"
  trap release_lock_dirs EXIT
}
release_lock_dirs() {
  local d
  for d in ${LOCK_DIRS:-}; do rm -rf "$d"; done
}
unlock() { # unlock <fd> <file>
  eval "exec $1>&-"
  if ! command -v flock >/dev/null 2>&1; then rm -rf "$2.d"; fi
}
FETCH_LOCK="$CONTINUUM_CACHE/.kafka-fetch.lock" # fd 8; always taken after the data-dir lock
DATA_LOCK="$KAFKA_DATA_DIR.lock"               # fd 9; beside (not in) the data dir: `reset` deletes it

# ------------------------------------------------------------- classpath ---
classpath_ready() {
  [ -f "$STAMP_FILE" ] && [ -f "$CP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$(sha256 "$POM")" ]
}

ensure_classpath() {
  classpath_ready && return 0
  lock 8 "$FETCH_LOCK"
  if classpath_ready; then # another process fetched while we waited
    unlock 8 "$FETCH_LOCK"
    return 0
  fi
  command -v "$MVN" >/dev/null 2>&1 || die "Maven ('$MVN') is needed once to fetch the Kafka $KAFKA_VERSION jars from Maven Central"
  local t0 tmp fetch_log hash jar cp="" n=0
  t0="$(now)"
  hash="$(sha256 "$POM")"
  mkdir -p "$LIB_ROOT"
  tmp="$(mktemp -d "$LIB_ROOT/libs.tmp.XXXXXX")"
  fetch_log="$LIB_ROOT/fetch.log"
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIB_DIR ..."
  if ! "$MVN" -q -B -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$fetch_log" 2>&1 </dev/null; then
    rm -rf "$tmp"
    tail -n 30 "$fetch_log" >&2 || true
    die "Maven could not fetch the Kafka jars (full output: $fetch_log)"
  fi
  ls "$tmp"/kafka_2.*-"$KAFKA_VERSION".jar >/dev/null 2>&1 || {
    rm -rf "$tmp"
    die "fetch finished but kafka_2.x-$KAFKA_VERSION.jar is missing (see $fetch_log)"
  }
  # Swap the new jars in, then publish the classpath, then the stamp (each via rename).
  rm -f "$STAMP_FILE"
  if [ -d "$LIB_DIR" ]; then
    mv "$LIB_DIR" "$LIB_ROOT/libs.old.$$"
    rm -rf "$LIB_ROOT/libs.old.$$"
  fi
  mv "$tmp" "$LIB_DIR"
  for jar in "$LIB_DIR"/*.jar; do
    cp="${cp:+$cp:}$jar"
    n=$((n + 1))
  done
  printf '%s\n' "$cp" >"$CP_FILE.tmp.$$"
  mv "$CP_FILE.tmp.$$" "$CP_FILE"
  printf '%s\n' "$hash" >"$STAMP_FILE.tmp.$$"
  mv "$STAMP_FILE.tmp.$$" "$STAMP_FILE"
  unlock 8 "$FETCH_LOCK"
  log "fetched $n jars in $(elapsed_since "$t0")s"
}

classpath() { cat "$CP_FILE"; }

check_java() {
  local v
  v="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)" ||
    die "java not found (set JAVA_HOME or put java 17+ on PATH)"
  [ -n "$v" ] || die "java not found (set JAVA_HOME or put java 17+ on PATH)"
  [ "$v" -ge 17 ] || die "Kafka $KAFKA_VERSION needs Java 17+, found Java $v ($JAVA)"
}

# ------------------------------------------------------------- process ---
# shellcheck source=../pid.sh
. "$SCRIPT_DIR/../pid.sh"

# broker_pid: print the pid from the pid file if that process is alive and is
# the broker for this data dir.
broker_pid() { live_pid "$PID_FILE" kafka.Kafka "$PROPS"; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# answers <port>: does a Kafka broker answer requests on the port? The TCP port
# is bound well before the broker serves requests, so this needs a real
# round trip: kafkajs admin.describeCluster() when the repo's node_modules has
# kafkajs (the client Continuum uses), otherwise a raw ApiVersions request
# over node:net. Without node at all, Kafka's BrokerApiVersionsCommand (slow).
PROBE_JS='
const port = Number(process.argv[1]), host = process.argv[2], root = process.argv[3];
const want = Number(process.argv[4] || 1); // brokers the cluster must list (registered, unfenced)
const done = (ok) => process.exit(ok ? 0 : 1);
setTimeout(() => done(false), 4000).unref();
let kafkajs = null;
try { kafkajs = require(require.resolve("kafkajs", { paths: [root] })); } catch {}
if (kafkajs) {
  const admin = new kafkajs.Kafka({ brokers: [host + ":" + port], clientId: "kafka-sh-probe",
    logLevel: kafkajs.logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 2500,
    retry: { retries: 0 } }).admin();
  admin.connect().then(() => admin.describeCluster())
    .then((c) => { done(c.brokers.length >= want); }, () => done(false));
} else {
  const net = require("net");
  const id = Buffer.from("ksh"), req = Buffer.alloc(4 + 8 + 2 + id.length);
  req.writeInt32BE(req.length - 4, 0); req.writeInt16BE(18, 4); req.writeInt16BE(0, 6);
  req.writeInt32BE(0x4b534831, 8); req.writeInt16BE(id.length, 12); id.copy(req, 14);
  let buf = Buffer.alloc(0);
  const s = net.connect(port, host, () => s.write(req));
  s.on("data", (d) => { buf = Buffer.concat([buf, d]);
    if (buf.length >= 10) done(buf.readInt32BE(4) === 0x4b534831 && buf.readInt16BE(8) === 0); });
  s.on("error", () => done(false)); s.on("close", () => done(false));
}'
answers() { # answers <port> [brokers the cluster must list; kafkajs probe only]
  port_open "$1" || return 1
  if command -v node >/dev/null 2>&1; then
    node -e "$PROBE_JS" "$1" "$HOST" "$REPO_ROOT" "${2:-1}" >/dev/null 2>&1
  else
    local guard=""
    command -v timeout >/dev/null 2>&1 && guard="timeout 20"
    $guard "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$(classpath)" -Dlog4j2.configurationFile="$TOOLS_LOG4J" \
      org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$HOST:$1" >/dev/null 2>&1
  fi
}

SERVER_LOG_OFFSET=0 # size of server.log before this launch: show only this run's lines
show_logs() {
  if [ -s "$OUT_LOG" ]; then
    err "---- last lines of $OUT_LOG ----"
    tail -n 30 "$OUT_LOG" >&2 || true
  fi
  if [ -s "$SERVER_LOG" ] && [ "$(wc -c <"$SERVER_LOG")" -gt "$SERVER_LOG_OFFSET" ]; then
    err "---- last lines of $SERVER_LOG ----"
    tail -c +$((SERVER_LOG_OFFSET + 1)) "$SERVER_LOG" | tail -n 30 >&2 || true
  fi
}

write_properties() {
  local rf=1 isr=1 what="Single KRaft node (broker + controller) for local development and tests."
  if [ "$KAFKA_NODES" -gt 1 ]; then
    # Three replicas, two of them in sync for an acks=all write: one node may be down.
    rf=3
    isr=2
    what="Node $NODE of a $KAFKA_NODES-node KRaft cluster (each node broker + controller)."
  fi
  cat >"$PROPS.tmp.$$" <<EOF
# Generated by infra/kafka/kafka.sh on every start -- edits are overwritten.
# $what
process.roles=broker,controller
node.id=$NODE
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://$HOST:$NODE_PORT,CONTROLLER://$HOST:$NODE_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$NODE_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$LOG_DIRS

# Replication factors and min ISR: 1 on one node; 3 and 2 on a cluster.
num.partitions=1
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
unclean.leader.election.enable=false

# Tests create their topics explicitly and want consumer groups to join at once.
auto.create.topics.enable=false
delete.topic.enable=true
group.initial.rebalance.delay.ms=0

# After a crash (SIGKILL) the restarted node must wait for its previous broker
# session to expire before it can register again (default 9 s); keep that short.
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000

# Keep the local footprint small.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=104857600
EOF
  mv "$PROPS.tmp.$$" "$PROPS"
}

cluster_id() { # one id for all the nodes, made once per data dir
  local id
  if [ -s "$CLUSTER_ID_FILE" ]; then
    cat "$CLUSTER_ID_FILE"
    return 0
  fi
  # Kafka cluster ids are 16 random bytes, URL-safe base64 without padding
  # (what `StorageTool random-uuid` prints); generated here to save a JVM start.
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    case "$id" in -*) ;; *) break ;; esac
  done
  printf '%s\n' "$id" >"$CLUSTER_ID_FILE"
  printf '%s\n' "$id"
}

format_storage() {
  [ -f "$LOG_DIRS/meta.properties" ] && return 0
  local id
  id="$(cluster_id)"
  log "formatting storage in $LOG_DIRS (cluster id $id, node $NODE)"
  # Short-lived JVM: C1 only + serial GC start ~1 s faster than the defaults here.
  if ! "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$(classpath)" \
    -Dlog4j2.configurationFile="$TOOLS_LOG4J" kafka.tools.StorageTool format -t "$id" -c "$PROPS" >"$NODE_DIR/format.log" 2>&1; then
    cat "$NODE_DIR/format.log" >&2
    die "storage format failed (node $NODE)"
  fi
}

# ------------------------------------------------------------ commands ---
# node_list [node]: the nodes a command acts on (all, or the one named).
node_list() {
  if [ -z "${1:-}" ]; then
    seq 1 "$KAFKA_NODES"
    return 0
  fi
  case "$1" in *[!0-9]*) die "node must be a number 1..$KAFKA_NODES, not '$1'" ;; esac
  { [ "$1" -ge 1 ] && [ "$1" -le "$KAFKA_NODES" ]; } || die "node must be 1..$KAFKA_NODES, not '$1'"
  echo "$1"
}

# launch_node: starts the current node's JVM unless it runs; sets LAUNCHED_PID (empty when
# another Kafka, e.g. Docker's, already answers on a single node's port).
launch_node() {
  local pid
  LAUNCHED_PID=""
  if pid="$(broker_pid)"; then
    LAUNCHED_PID="$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$NODE_PORT"; then
    if [ "$KAFKA_NODES" = 1 ] && answers "$NODE_PORT"; then
      log "a Kafka broker not started from $KAFKA_DATA_DIR already answers on $HOST:$NODE_PORT (Docker?); using it"
      return 0
    fi
    die "port $HOST:$NODE_PORT is in use by something that is not this Kafka node; set KAFKA_PORT"
  fi
  port_open "$NODE_CONTROLLER_PORT" &&
    die "controller port $HOST:$NODE_CONTROLLER_PORT is in use; set KAFKA_CONTROLLER_PORT"

  mkdir -p "$NODE_DIR" "$LOG_DIRS"
  write_properties
  format_storage

  : >"$OUT_LOG"
  local offset=0
  if [ -f "$SERVER_LOG" ]; then offset="$(wc -c <"$SERVER_LOG" | tr -d ' ')"; fi
  eval "SERVER_LOG_OFFSET_$NODE=$offset"
  local setsid=""
  command -v setsid >/dev/null 2>&1 && setsid=setsid # own session: survives the caller's Ctrl-C / process-group kill
  # shellcheck disable=SC2086
  $setsid nohup "$JAVA" $KAFKA_HEAP_OPTS $JVM_PERF_OPTS $KAFKA_OPTS \
    -Dkafka.logs.dir="$NODE_DIR" -Dlog4j2.configurationFile="$BROKER_LOG4J" \
    -cp "$(classpath)" kafka.Kafka "$PROPS" \
    </dev/null >>"$OUT_LOG" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  LAUNCHED_PID="$pid"
  log "launched node $NODE (pid $pid), Kafka $KAFKA_VERSION, waiting for $HOST:$NODE_PORT ..."
}

cmd_start() {
  local t0 deadline n pending="" still item pid nodes
  t0="$(now)"
  nodes="$(node_list "${1:-}")"
  mkdir -p "$CONTINUUM_CACHE"
  check_ports
  lock 9 "$DATA_LOCK"
  check_java
  ensure_classpath
  mkdir -p "$KAFKA_DATA_DIR"
  touch "$MARKER"
  # Every node first, then the wait: a cluster's nodes answer only once a quorum of voters runs.
  for n in $nodes; do
    use_node "$n"
    launch_node
    [ -n "$LAUNCHED_PID" ] && pending="$pending $n:$LAUNCHED_PID"
  done

  deadline=$(($(date +%s) + KAFKA_START_TIMEOUT))
  while [ -n "$pending" ]; do
    still=""
    for item in $pending; do
      n="${item%%:*}"
      pid="${item#*:}"
      use_node "$n"
      if ! kill -0 "$pid" 2>/dev/null; then
        eval "SERVER_LOG_OFFSET=\${SERVER_LOG_OFFSET_$n:-0}"
        show_logs
        rm -f "$PID_FILE"
        die "node $n (pid $pid) exited during startup"
      fi
      # Ready when this node answers and the cluster lists every node (each has registered).
      if answers "$NODE_PORT" "$KAFKA_NODES"; then
        log "node $n answers on $HOST:$NODE_PORT (pid $pid) after $(elapsed_since "$t0")s, data dir $NODE_DIR"
      else
        still="$still $item"
      fi
    done
    pending="$still"
    [ -n "$pending" ] || break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for item in $pending; do
        use_node "${item%%:*}"
        eval "SERVER_LOG_OFFSET=\${SERVER_LOG_OFFSET_${item%%:*}:-0}"
        show_logs
      done
      die "node(s)$(for item in $pending; do printf ' %s' "${item%%:*}"; done) did not answer within ${KAFKA_START_TIMEOUT}s; still running, see logs above ('kafka.sh stop' to kill)"
    fi
    sleep 0.25
  done
  [ "$KAFKA_NODES" = 1 ] || log "cluster of $KAFKA_NODES nodes up: $(bootstrap)"
}

stop_broker() {
  local pid i
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    log "node $NODE not running (data dir $NODE_DIR)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((KAFKA_STOP_TIMEOUT * 5)) ]; do
    sleep 0.2
    i=$((i + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    err "node $NODE (pid $pid) still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  log "stopped node $NODE (pid $pid)"
}

# stop_nodes <node>...: the SIGTERMs go out together, so that no node of a cluster waits out a
# controlled shutdown that the nodes already gone can no longer acknowledge.
stop_nodes() {
  local n pids=""
  for n in "$@"; do
    use_node "$n"
    stop_broker &
    pids="$pids $!"
  done
  for n in $pids; do wait "$n"; done
}

cmd_stop() {
  [ -d "$KAFKA_DATA_DIR" ] || {
    log "not running (no data dir $KAFKA_DATA_DIR)"
    return 0
  }
  local nodes
  nodes="$(node_list "${1:-}")"
  lock 9 "$DATA_LOCK"
  # shellcheck disable=SC2086
  stop_nodes $nodes
}

cmd_kill() {
  [ -n "${1:-}" ] || die "usage: kafka.sh kill <node>"
  local pid
  use_node "$(node_list "$1")"
  pid="$(broker_pid)" || die "node $NODE is not running"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$PID_FILE"
  log "killed node $NODE (pid $pid) with SIGKILL; its data dir stays"
}

cmd_status() {
  local pid n rc=0 nodes
  nodes="$(node_list "${1:-}")"
  for n in $nodes; do
    use_node "$n"
    if pid="$(broker_pid)"; then
      if answers "$NODE_PORT"; then
        log "node $n running (pid $pid) on $HOST:$NODE_PORT, Kafka $KAFKA_VERSION, data dir $NODE_DIR"
        continue
      fi
      log "node $n: process $pid is alive but not answering on $HOST:$NODE_PORT (starting or stuck; see $SERVER_LOG)"
      rc=2
      continue
    fi
    if answers "$NODE_PORT"; then
      log "not started from $KAFKA_DATA_DIR, but a Kafka broker answers on $HOST:$NODE_PORT"
      continue
    fi
    log "node $n not running (port $NODE_PORT, data dir $NODE_DIR)"
    [ "$rc" = 2 ] || rc=1
  done
  return "$rc"
}

cmd_reset() {
  if [ -d "$KAFKA_DATA_DIR" ]; then
    if [ ! -f "$MARKER" ] && [ -n "$(ls -A "$KAFKA_DATA_DIR" 2>/dev/null)" ]; then
      die "refusing to delete $KAFKA_DATA_DIR: not created by kafka.sh (no $(basename "$MARKER"))"
    fi
    lock 9 "$DATA_LOCK"
    # shellcheck disable=SC2046
    stop_nodes $(seq 1 "$KAFKA_NODES")
    rm -rf "$KAFKA_DATA_DIR"
    log "deleted $KAFKA_DATA_DIR"
  else
    log "nothing to reset ($KAFKA_DATA_DIR does not exist)"
  fi
}

cmd_tool() {
  [ $# -ge 1 ] || die "usage: kafka.sh tool <MainClass> [args...], e.g. org.apache.kafka.tools.ProducerPerformance --help"
  check_java
  ensure_classpath
  local cp
  cp="$(classpath)"
  # shellcheck disable=SC2086
  exec "$JAVA" $KAFKA_TOOL_HEAP_OPTS -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$cp" "$@"
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    kill) cmd_kill "$@" ;;
    reset) cmd_reset ;;
    brokers) bootstrap ;;
    classpath)
      ensure_classpath >&2
      classpath
      ;;
    tool) cmd_tool "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 64
      ;;
  esac
}

main "$@"

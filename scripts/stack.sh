#!/usr/bin/env bash
# The local stack: Neo4j (embedded launcher, Bolt), Redis and MinIO on 127.0.0.1.
#   scripts/stack.sh up             install what is missing, start what is not running, wait until ready
#   scripts/stack.sh down           stop what `up` started (services it reused are left alone)
#   scripts/stack.sh status [--json]
# Data and logs live under .stemma/ (see docs/local-stack.md). A service that already answers
# correctly on its port is reused, not restarted; a port held by something else is an error.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/stack-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack-common.sh"

SERVICES=(neo4j redis minio)
START_TIMEOUT="${STEMMA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${STEMMA_STOP_TIMEOUT:-60}"
NEO4J_HEAP="${STEMMA_NEO4J_HEAP:-2g}"
NEO4J_JVM_FLAGS=(
  # As in Neo4j 5's own neo4j.conf (server.jvm.additional), for Java 17.
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+UnlockExperimentalVMOptions
  -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC -XX:+ExitOnOutOfMemoryError
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
)

say() { printf '%s\n' "$*"; }
# A path relative to the checkout when it lies inside it.
shown_path() { printf '%s\n' "${1#"$STEMMA_ROOT"/}"; }
die() {
  printf '%s\n' "$1" >&2
  exit "${2:-1}"
}

# ---- per-service facts --------------------------------------------------------------------

label() { case "$1" in neo4j) echo Neo4j ;; redis) echo Redis ;; minio) echo MinIO ;; esac; }
port_of() { case "$1" in neo4j) echo "$NEO4J_PORT" ;; redis) echo "$REDIS_PORT" ;; minio) echo "$MINIO_PORT" ;; esac; }
port_var() { case "$1" in neo4j) echo STEMMA_NEO4J_PORT ;; redis) echo STEMMA_REDIS_PORT ;; minio) echo STEMMA_MINIO_PORT ;; esac; }
address_of() {
  case "$1" in
    neo4j) echo "bolt://$STACK_HOST:$NEO4J_PORT" ;;
    redis) echo "redis://$STACK_HOST:$REDIS_PORT" ;;
    minio) echo "http://$STACK_HOST:$MINIO_PORT" ;;
  esac
}
# A word that the command line of the stack's own process contains.
cmdline_token() { case "$1" in neo4j) echo "$NEO4J_MAIN_CLASS" ;; redis) echo redis-server ;; minio) echo "$STATE_DIR/minio/data" ;; esac; }

# ---- probes: 0 = the expected service answers, 1 = nothing listens, 2 = something else -------

PROBE_DETAIL=""

probe_redis() {
  port_open "$REDIS_PORT" || return 1
  local out
  out="$(timeout 3 redis-cli -h "$STACK_HOST" -p "$REDIS_PORT" PING 2>&1 | head -c 200 || true)"
  [[ "$out" == PONG ]] && return 0
  if [[ "$out" == *NOAUTH* ]]; then
    PROBE_DETAIL="a Redis that requires a password (NOAUTH)"
  elif [[ "$out" == *LOADING* ]]; then
    PROBE_DETAIL="a Redis that is still loading its data"
  else
    PROBE_DETAIL="something that is not Redis (no PONG)"
  fi
  return 2
}

probe_minio() {
  port_open "$MINIO_PORT" || return 1
  local code
  code="$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$STACK_HOST:$MINIO_PORT/minio/health/live" || true)"
  [[ "$code" == 200 ]] && return 0
  PROBE_DETAIL="something that is not MinIO (GET /minio/health/live answered ${code:-nothing})"
  return 2
}

probe_neo4j() {
  port_open "$NEO4J_PORT" || return 1
  local out rc=0
  out="$(node "$STEMMA_ROOT/scripts/probe-neo4j.mjs" "bolt://$STACK_HOST:$NEO4J_PORT" 2>/dev/null)" || rc=$?
  [[ $rc -eq 0 ]] && return 0
  if [[ $rc -eq 3 ]]; then
    PROBE_DETAIL="a Neo4j that requires authentication (the stack's runs without)"
  else
    PROBE_DETAIL="something that is not a Neo4j Bolt server (${out:-no answer})"
  fi
  return 2
}

probe() {
  PROBE_DETAIL=""
  "probe_$1"
}

# ---- pid files ----------------------------------------------------------------------------

# Keyed by port too, so a stack run on other ports (STEMMA_*_PORT) keeps its own pid files.
pid_file() { echo "$RUN_DIR/$1-$(port_of "$1").pid"; }

# Prints the pid of the process `up` started for $1 when it is still alive, else fails
# (and removes a stale pid file).
stack_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(cmdline_token "$1")"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# ---- starting -----------------------------------------------------------------------------

# Runs a command detached (own session, no terminal, without the lock's fd 9), appending to
# the service's log.
spawn() {
  local svc="$1" log="$LOG_DIR/$1.log"
  shift
  if [[ -f "$log" ]] && [[ $(stat -c %s "$log") -gt 10485760 ]]; then mv -f "$log" "$log.1"; fi
  printf '==== %s stack.sh starting %s\n' "$(date -Is)" "$svc" >>"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null 9>&- &
  echo $! >"$(pid_file "$svc")"
}

start_redis() {
  mkdir -p "$STATE_DIR/redis"
  spawn redis redis-server --bind "$STACK_HOST" --port "$REDIS_PORT" --dir "$STATE_DIR/redis" \
    --save "" --appendonly no --maxmemory-policy noeviction --protected-mode yes --daemonize no
}

start_minio() {
  mkdir -p "$STATE_DIR/minio/data"
  spawn minio env MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    "$(minio_bin)" server "$STATE_DIR/minio/data" --address "$STACK_HOST:$MINIO_PORT" \
    --console-address "$STACK_HOST:$MINIO_CONSOLE_PORT"
}

start_neo4j() {
  mkdir -p "$STATE_DIR/neo4j"
  spawn neo4j java "-Xmx$NEO4J_HEAP" "${NEO4J_JVM_FLAGS[@]}" \
    -cp "$NEO4J_PROJECT/target/classes:$(<"$NEO4J_CLASSPATH_FILE")" "$NEO4J_MAIN_CLASS" \
    "$STATE_DIR/neo4j" --bolt-address "$STACK_HOST:$NEO4J_PORT"
}

port_in_use_message() {
  local svc="$1"
  echo "port $(port_of "$svc") on $STACK_HOST is in use by $PROBE_DETAIL; stop it or set $(port_var "$svc") to run the stack's $(label "$svc") on another port"
}

# Decides, for one service, to reuse it, wait for it, or start it, and says which. A port held
# by something else is added to PROBLEMS; nothing is started until every port is known good.
plan_service() {
  local svc="$1" pid="" rc=0
  pid="$(stack_pid "$svc")" || pid=""
  probe "$svc" || rc=$?
  if [[ $rc -eq 0 && -n "$pid" ]]; then
    say "$svc: already running at $(address_of "$svc") (started by the stack, pid $pid)"
  elif [[ $rc -eq 0 ]]; then
    say "$svc: reusing the $(label "$svc") already answering at $(address_of "$svc") (not started by the stack)"
  elif [[ -n "$pid" ]]; then
    say "$svc: still starting (pid $pid)"
    WAITING+=("$svc")
  elif [[ $rc -eq 2 ]]; then
    PROBLEMS+=("$svc: $(port_in_use_message "$svc")")
  else
    if [[ $svc == minio ]] && port_open "$MINIO_CONSOLE_PORT"; then
      PROBLEMS+=("minio: port $MINIO_CONSOLE_PORT on $STACK_HOST (MinIO console) is in use; stop what holds it or set STEMMA_MINIO_CONSOLE_PORT")
    fi
    TO_START+=("$svc")
  fi
}

start_planned() {
  local svc
  for svc in "${TO_START[@]}"; do
    "start_$svc"
    say "$svc: starting at $(address_of "$svc") (pid $(<"$(pid_file "$svc")"), log $(shown_path "$LOG_DIR/$svc.log"))"
    WAITING+=("$svc")
  done
}

wait_ready() {
  local svc="$1" t0=$SECONDS pid
  pid="$(<"$(pid_file "$svc")")"
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$svc: exited during startup" >&2
      print_log_tail "$LOG_DIR/$svc.log" >&2
      rm -f "$(pid_file "$svc")"
      exit 1
    fi
    if probe "$svc"; then
      say "$svc: ready in $((SECONDS - t0)) s"
      return 0
    fi
    sleep 0.5
  done
  say "$svc: not ready after $START_TIMEOUT s (pid $pid still running; set STEMMA_START_TIMEOUT to wait longer)" >&2
  print_log_tail "$LOG_DIR/$svc.log" >&2
  exit 1
}

ensure_bucket() {
  local out rc=0
  out="$(S3_ENDPOINT="$(address_of minio)" S3_BUCKET="$S3_BUCKET_NAME" S3_ACCESS_KEY_ID="$MINIO_ROOT_USER" \
    S3_SECRET_ACCESS_KEY="$MINIO_ROOT_PASSWORD" node "$STEMMA_ROOT/scripts/ensure-bucket.mjs" 2>/dev/null)" || rc=$?
  case $rc in
    0) say "minio: bucket '$S3_BUCKET_NAME' ${out:-ready}" ;;
    3) die "minio: the MinIO at $(address_of minio) refused user '$MINIO_ROOT_USER' ($out); stop it or set STEMMA_MINIO_PORT to run the stack's MinIO on another port" ;;
    *) die "minio: could not create bucket '$S3_BUCKET_NAME' at $(address_of minio): $out" ;;
  esac
}

warn_reused_redis_policy() {
  stack_pid redis >/dev/null && return 0
  local policy
  policy="$(timeout 3 redis-cli -h "$STACK_HOST" -p "$REDIS_PORT" CONFIG GET maxmemory-policy 2>/dev/null | sed -n 2p || true)"
  if [[ -n "$policy" && "$policy" != noeviction ]]; then
    say "redis: warning: the reused Redis has maxmemory-policy $policy; BullMQ needs noeviction"
  fi
}

write_env_file() {
  local tmp="$STATE_DIR/stack.env.tmp.$$"
  cat >"$tmp" <<EOF
# Written by scripts/stack.sh up. Load with: source $(shown_path "$STATE_DIR/stack.env")
export NEO4J_URI=$(address_of neo4j)
export REDIS_URL=$(address_of redis)
export S3_ENDPOINT=$(address_of minio)
export S3_BUCKET=$S3_BUCKET_NAME
export S3_ACCESS_KEY_ID=$MINIO_ROOT_USER
export S3_SECRET_ACCESS_KEY=$MINIO_ROOT_PASSWORD
export S3_REGION=us-east-1
export S3_FORCE_PATH_STYLE=true
# The pinned AWS SDK supports Node 20; its notice about later releases is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
EOF
  mv -f "$tmp" "$STATE_DIR/stack.env"
}

cmd_up() {
  local t0=$SECONDS svc
  if [[ "${STEMMA_SKIP_SETUP:-0}" != 1 ]]; then bash "$STEMMA_ROOT/scripts/setup.sh"; fi
  WAITING=() TO_START=() PROBLEMS=()
  for svc in "${SERVICES[@]}"; do plan_service "$svc"; done
  if [[ ${#PROBLEMS[@]} -gt 0 ]]; then
    printf '%s\n' "${PROBLEMS[@]}" >&2
    exit 1
  fi
  start_planned
  for svc in "${WAITING[@]}"; do wait_ready "$svc"; done
  warn_reused_redis_policy
  ensure_bucket
  write_env_file
  say "stack: up in $((SECONDS - t0)) s; environment in $(shown_path "$STATE_DIR/stack.env")"
}

# ---- stopping -----------------------------------------------------------------------------

cmd_down() {
  local svc pid stopping=() entry t0 waited
  for svc in "${SERVICES[@]}"; do
    if pid="$(stack_pid "$svc")"; then
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$svc:$pid")
    elif probe "$svc"; then
      say "$svc: left running at $(address_of "$svc") (not started by the stack)"
    else
      say "$svc: not running"
    fi
  done
  for entry in "${stopping[@]}"; do
    svc="${entry%%:*}" pid="${entry#*:}" t0=$SECONDS
    while kill -0 "$pid" 2>/dev/null && ((SECONDS - t0 < STOP_TIMEOUT)); do sleep 0.25; done
    waited=$((SECONDS - t0))
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      say "$svc: killed (pid $pid) after $waited s without exiting on SIGTERM"
    else
      say "$svc: stopped (pid $pid)"
    fi
    rm -f "$(pid_file "$svc")"
  done
}

# ---- status -------------------------------------------------------------------------------

version_of() {
  case "$1" in
    redis)
      timeout 3 redis-cli -h "$STACK_HOST" -p "$REDIS_PORT" INFO server 2>/dev/null |
        sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p' | head -1
      ;;
    minio)
      if stack_pid minio >/dev/null && minio_is_pinned "$(minio_bin)"; then echo "$MINIO_VERSION"; fi
      ;;
    neo4j)
      node "$STEMMA_ROOT/scripts/probe-neo4j.mjs" --version "$(address_of neo4j)" 2>/dev/null || true
      ;;
  esac
}

json_str() {
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

cmd_status() {
  local json=0 svc pid rc state version origin all_up=1 first=1 had_pid_file
  [[ "${1:-}" == --json ]] && json=1
  [[ $json -eq 1 ]] && printf '['
  for svc in "${SERVICES[@]}"; do
    had_pid_file=0
    [[ -f "$(pid_file "$svc")" ]] && had_pid_file=1
    pid="$(stack_pid "$svc")" || pid=""
    rc=0
    probe "$svc" || rc=$?
    version=""
    case $rc in
      0) state=up version="$(version_of "$svc")" ;;
      1) state=down ;;
      *) state=taken ;;
    esac
    [[ $state == up ]] || all_up=0
    if [[ -n "$pid" ]]; then
      origin="started by the stack (pid $pid)"
    elif [[ $state == up ]]; then
      origin="reused (not started by the stack)"
    elif [[ $state == taken ]]; then
      origin="port in use by $PROBE_DETAIL"
    elif [[ $had_pid_file -eq 1 ]]; then
      origin="the stack's $(label "$svc") is no longer running; see $(shown_path "$LOG_DIR/$svc.log")"
    else
      origin="nothing listens on $STACK_HOST:$(port_of "$svc")"
    fi
    if [[ $json -eq 1 ]]; then
      [[ $first -eq 1 ]] || printf ','
      first=0
      printf '{"name":%s,"address":%s,"state":%s,"version":%s,"startedByStack":%s,"pid":%s,"detail":%s}' \
        "$(json_str "$svc")" "$(json_str "$(address_of "$svc")")" "$(json_str "$state")" \
        "$([[ -n "$version" ]] && json_str "$version" || echo null)" \
        "$([[ -n "$pid" ]] && echo true || echo false)" "${pid:-null}" "$(json_str "$origin")"
    else
      printf '%-6s %-24s %-5s %-35s %s\n' "$svc" "$(address_of "$svc")" "$state" "${version:--}" "$origin"
    fi
  done
  [[ $json -eq 1 ]] && printf ']\n'
  [[ $all_up -eq 1 ]] || exit 3
}

# ---- main ---------------------------------------------------------------------------------

with_lock() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  exec 9>"$RUN_DIR/stack.lock"
  flock -w 600 9 || die "another scripts/stack.sh up/down is still running (lock $RUN_DIR/stack.lock)"
  "$@"
}

case "${1:-}" in
  up) with_lock cmd_up ;;
  down) with_lock cmd_down ;;
  status) shift; cmd_status "$@" ;;
  *) die "usage: scripts/stack.sh up|down|status [--json]" 2 ;;
esac

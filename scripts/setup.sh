#!/usr/bin/env bash
# Installs what the local stack needs, idempotently, and quickly when it is already done:
#   - Debian packages: redis-server, bubblewrap, curl, chromium (for the browser tests of the
#     reports) and a font (plus a JDK 17 and Maven if missing);
#   - MinIO, built from a pinned module version with `go install`;
#   - the embedded Neo4j launcher (stack/neo4j), built with Maven;
#   - node_modules, with `npm ci` when missing or older than package-lock.json.
# Each step prints one line. Build output goes to .stemma/logs/setup-*.log.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/stack-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack-common.sh"

mkdir -p "$LOG_DIR"

say() { printf 'setup: %s\n' "$*"; }
fail() {
  printf 'setup: %s\n' "$1" >&2
  [[ -n "${2:-}" ]] && print_log_tail "$2" >&2
  exit 1
}
seconds_since() { echo $((SECONDS - $1)); }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "need root (or sudo) to run: $*"
  fi
}

package_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

# The redis-server package may start a system Redis on 6379 when installed. The stack runs its
# own Redis (data under .stemma/redis, no persistence, noeviction), so a system service that
# this script has just installed is stopped and disabled. One the user already had is untouched.
stop_packaged_redis() {
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/redis-server ]]; then
    as_root /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    as_root update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
  say "stopped and disabled the redis-server system service (the stack runs its own Redis)"
}

ensure_apt_packages() {
  local wanted=("${APT_PACKAGES[@]}") missing=() p
  command -v java >/dev/null 2>&1 || wanted+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || wanted+=(maven)
  for p in "${wanted[@]}"; do package_installed "$p" || missing+=("$p"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "apt packages present (${wanted[*]})"
    return
  fi
  local log="$LOG_DIR/setup-apt.log" t0=$SECONDS
  say "installing apt packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 ||
    fail "apt-get update failed" "$log"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >>"$log" 2>&1 || fail "apt-get install ${missing[*]} failed" "$log"
  say "installed ${missing[*]} in $(seconds_since "$t0") s"
  [[ " ${missing[*]} " == *" redis-server "* ]] && stop_packaged_redis
  return 0
}

check_toolchains() {
  command -v node >/dev/null 2>&1 || fail "node is not installed (Node 20 is required)"
  command -v go >/dev/null 2>&1 || fail "go is not installed (Go >= 1.24 is needed to build MinIO)"
  local java_major
  java_major="$(java -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')"
  [[ "${java_major:-0}" -ge 17 ]] || fail "java ${java_major:-?} found; Neo4j 5.26 needs Java 17 or 21"
}

ensure_minio() {
  local bin
  bin="$(minio_bin)"
  if [[ -n "${STEMMA_MINIO_BIN:-}" ]]; then
    [[ -x "$bin" ]] || fail "STEMMA_MINIO_BIN=$bin is not an executable"
    say "minio: using STEMMA_MINIO_BIN=$bin"
    return
  fi
  if minio_is_pinned "$bin"; then
    say "minio $MINIO_VERSION present at $bin"
    return
  fi
  local log="$LOG_DIR/setup-minio.log" t0=$SECONDS
  say "building minio $MINIO_VERSION with go install (about 3 min the first time)"
  GOBIN="$(dirname "$bin")" GOFLAGS=-buildvcs=false go install "$MINIO_MODULE@$MINIO_VERSION" \
    >"$log" 2>&1 || fail "go install $MINIO_MODULE@$MINIO_VERSION failed" "$log"
  minio_is_pinned "$bin" || fail "go install finished but $bin is not version $MINIO_VERSION" "$log"
  say "built minio at $bin in $(seconds_since "$t0") s"
}

neo4j_classpath_complete() {
  local jar
  while IFS= read -r jar; do
    [[ -z "$jar" || -f "$jar" ]] || return 1
  done < <(tr ':' '\n' <"$NEO4J_CLASSPATH_FILE")
}

ensure_neo4j_launcher() {
  local class="$NEO4J_PROJECT/target/classes/${NEO4J_MAIN_CLASS//.//}.class"
  if [[ -f "$class" ]] && newer_than_all "$NEO4J_CLASSPATH_FILE" "$NEO4J_PROJECT/pom.xml" \
    "$NEO4J_PROJECT/src" && neo4j_classpath_complete; then
    say "neo4j launcher up to date (stack/neo4j/target)"
    return
  fi
  local log="$LOG_DIR/setup-neo4j.log" t0=$SECONDS
  say "building neo4j launcher with maven (the first build downloads Neo4j 5.26, about 200 MB)"
  mvn -B -q -Dstyle.color=never -f "$NEO4J_PROJECT/pom.xml" compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >"$log" 2>&1 || fail "maven build of stack/neo4j failed" "$log"
  touch "$NEO4J_CLASSPATH_FILE"
  say "built neo4j launcher in $(seconds_since "$t0") s"
}

ensure_node_modules() {
  local reason=""
  if [[ ! -d "$STEMMA_ROOT/node_modules" ]]; then
    reason="node_modules is missing"
  elif [[ "$STEMMA_ROOT/node_modules/.package-lock.json" -ot "$STEMMA_ROOT/package-lock.json" ]]; then
    reason="node_modules is older than package-lock.json"
  fi
  if [[ -z "$reason" ]]; then
    say "node_modules up to date"
    return
  fi
  local log="$LOG_DIR/setup-npm.log" t0=$SECONDS
  # npm install from the committed lock: npm 11's `npm ci` refuses a lock that leaves out
  # other platforms' optional binaries (msgpackr-extract), which `npm install` accepts and
  # installs exactly as locked.
  say "npm install from package-lock.json ($reason)"
  (cd "$STEMMA_ROOT" && flock /tmp/npm.lock npm install --no-audit --no-fund) >"$log" 2>&1 ||
    fail "npm install failed" "$log"
  say "npm install done in $(seconds_since "$t0") s"
}

ensure_apt_packages
check_toolchains
ensure_minio
ensure_neo4j_launcher
ensure_node_modules

# shellcheck shell=bash disable=SC2034
# Shared settings and helpers of scripts/setup.sh and scripts/stack.sh (sourced, not run).
# Every path, port and pinned version of the local stack is defined here, once.

STEMMA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${STEMMA_STATE_DIR:-$STEMMA_ROOT/.stemma}"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"

STACK_HOST=127.0.0.1
REDIS_PORT="${STEMMA_REDIS_PORT:-6379}"
MINIO_PORT="${STEMMA_MINIO_PORT:-9000}"
MINIO_CONSOLE_PORT="${STEMMA_MINIO_CONSOLE_PORT:-9001}"
NEO4J_PORT="${STEMMA_NEO4J_PORT:-7687}"

MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MINIO_ROOT_USER=stemma
MINIO_ROOT_PASSWORD=stemma-secret
S3_BUCKET_NAME=stemma

NEO4J_PROJECT="$STEMMA_ROOT/stack/neo4j"
NEO4J_CLASSPATH_FILE="$NEO4J_PROJECT/target/classpath.txt"
NEO4J_MAIN_CLASS=dev.stemma.stack.Neo4jLauncher

# chromium (with a font) renders the lineage reports in the browser tests (playwright-core drives it).
APT_PACKAGES=(redis-server bubblewrap curl chromium fonts-dejavu-core)

# Where the pinned MinIO binary lives: `go install` puts it in $(go env GOPATH)/bin.
minio_bin() {
  if [[ -n "${STEMMA_MINIO_BIN:-}" ]]; then
    printf '%s\n' "$STEMMA_MINIO_BIN"
  elif command -v go >/dev/null 2>&1; then
    printf '%s/bin/minio\n' "$(go env GOPATH)"
  else
    printf '%s/go/bin/minio\n' "$HOME"
  fi
}

# True when the binary at $1 was built from the pinned MinIO module version.
minio_is_pinned() {
  [[ -x "$1" ]] && command -v go >/dev/null 2>&1 &&
    go version -m "$1" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+${MINIO_MODULE}[[:space:]]+${MINIO_VERSION}([[:space:]]|$)"
}

# True when something accepts TCP connections on $STACK_HOST:$1.
port_open() {
  (exec 3<>"/dev/tcp/$STACK_HOST/$1") 2>/dev/null
}

# Prints the last lines of a log file, indented, for failure reports.
print_log_tail() {
  local file="$1" lines="${2:-25}"
  if [[ -s "$file" ]]; then
    echo "  last $lines lines of $file:"
    tail -n "$lines" "$file" | sed 's/^/  | /'
  else
    echo "  ($file is empty or missing)"
  fi
}

# Fresh-or-not test for builds: true when $1 exists and is newer than every later argument
# (files, or directories searched recursively).
newer_than_all() {
  local target="$1"
  shift
  [[ -e "$target" ]] || return 1
  [[ -z "$(find "$@" -newer "$target" -print -quit 2>/dev/null)" ]]
}

#!/usr/bin/env bash
# The main job, from a fresh clone: starts the local stack, builds, starts the API and the
# workers, makes sure the CLI has an admin token, then tells the loan story
# (examples/loan/run.sh): an applicant is rejected, asks why, asks to be forgotten, and is.
#
# Usage: npm run demo [-- --up-only]
#   --up-only      stop once Stemma is up (the story is examples/loan/run.sh)
#   DEMO_RESTART   auto (default): restart the API and workers when they run an older build
#                  than dist/; always; never
# The loan story's own variables (LOAN_PROJECT, LOAN_COUNT, ...) are in examples/loan/run.sh.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
STEP="start"
trap 'echo "demo: step \"$STEP\" failed (line $LINENO: $BASH_COMMAND)" >&2' ERR
section() { STEP="$1"; printf '\n==== %s\n\n' "$1"; }
up_only=false
[ "${1:-}" = "--up-only" ] && up_only=true

section "1. The local stack: Neo4j, Redis, MinIO"
bash scripts/stack.sh up
set -a; . .stemma/stack.env; set +a
# The API's address, for the CLI here and in the story (STEMMA_API_HOST/PORT move the API).
export STEMMA_API_URL="${STEMMA_API_URL:-http://${STEMMA_API_HOST:-127.0.0.1}:${STEMMA_API_PORT:-7070}}"

section "2. Build"
npm run -s build
echo "built dist/"

section "3. The API and the workers"
# A process started before the last build runs old code: restart it (DEMO_RESTART=auto).
started_before_build() {
  local pid_file=".stemma/run/$1.pid" pid started built
  [ -f "$pid_file" ] && pid=$(cat "$pid_file") && kill -0 "$pid" 2>/dev/null || return 1
  started=$(( $(date +%s) - $(ps -o etimes= -p "$pid") ))
  built=$(stat -c %Y "dist/$2")
  [ "$started" -lt "$built" ]
}
case "${DEMO_RESTART:-auto}" in
  always) bash scripts/app.sh restart ;;
  never) bash scripts/app.sh start ;;
  auto)
    if started_before_build api api/main.js || started_before_build workers workers/main.js; then
      echo "the API or the workers run an older build than dist/: restarting them"
      bash scripts/app.sh restart
    else
      bash scripts/app.sh start
    fi
    ;;
  *) echo "demo: DEMO_RESTART must be auto, always or never" >&2; exit 2 ;;
esac
echo
bin/stemma status

section "4. An admin token for the CLI"
if ! bin/stemma auth whoami >/dev/null 2>&1; then
  echo "no usable token here: creating an admin token in .stemma/admin-token"
  node dist/api/bootstrap-admin.js --force --token-file .stemma/admin-token 2>&1 | grep -v '^  stm_' || true
fi
bin/stemma auth whoami
echo
echo "Stemma is up. GraphQL API: $STEMMA_API_URL/graphql (Authorization: Bearer <token>; the admin token is in .stemma/admin-token)."
echo "Stop it with: bash scripts/app.sh stop && npm run stack:down"
if $up_only; then exit 0; fi

LOAN_FIRST_SECTION=5 bash examples/loan/run.sh

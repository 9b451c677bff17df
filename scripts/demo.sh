#!/usr/bin/env bash
# The main job: sets everything up, starts the API and the workers, and checks their health.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/stack.sh up
set -a; . .stemma/stack.env; set +a
npm run -s build
bash scripts/app.sh restart
echo
bin/stemma status
echo
echo "Stemma is up. GraphQL API: http://${STEMMA_API_HOST:-127.0.0.1}:${STEMMA_API_PORT:-7070}/graphql"
echo "Stop it with: bash scripts/app.sh stop && npm run stack:down"

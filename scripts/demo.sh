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
bin/stemma auth whoami || echo "stemma: no usable API token here; create one with: node dist/api/bootstrap-admin.js --force" >&2
echo
echo "Stemma is up. GraphQL API: http://${STEMMA_API_HOST:-127.0.0.1}:${STEMMA_API_PORT:-7070}/graphql"
echo "Requests need an API token (Authorization: Bearer <token>); the admin token is in .stemma/admin-token."
echo "Stop it with: bash scripts/app.sh stop && npm run stack:down"

#!/usr/bin/env bash
# The whole suite on a fresh clone: installs what is missing, starts (or reuses) the local
# stack, then runs the unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/stack.sh up
set -a; . .stemma/stack.env; set +a
npm run -s build
mkdir -p .stemma/reports
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.stemma/reports/vitest.json "$@" || status=$?
node -e '
  const r = require("./.stemma/reports/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' || true
exit $status

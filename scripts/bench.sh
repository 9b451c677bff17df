#!/usr/bin/env bash
# Runs the benchmarks in bench/ against the local stack: all of them, or those named
# (npm run bench -- pfs-ingest). Each prints a JSON line and a table beside its baseline;
# results are also appended to .stemma/bench-results.jsonl. Arguments starting with -- are
# passed to each benchmark (npm run bench -- lineage-api --rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/stack.sh up
set -a; . .stemma/stack.env; set +a
npm run -s build
names=()
flags=()
for arg in "$@"; do
  if [[ "$arg" == --* ]]; then flags+=("$arg"); else names+=("$arg"); fi
done
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.bench.ts; do names+=("$(basename "$f" .bench.ts)"); done
fi
for name in "${names[@]}"; do
  echo "== bench $name"
  node --enable-source-maps "dist/bench/$name.bench.js" "${flags[@]}" | tee -a .stemma/bench-results.jsonl
done

#!/usr/bin/env bash
# Starts or stops Stemma's own processes (the API and the workers) in the background,
# against the local stack. Usage: scripts/app.sh start|stop|restart
# On the first start it creates an admin token, prints it once and saves it in
# .stemma/admin-token (mode 0600), where the stemma CLI finds it.
set -euo pipefail
cd "$(dirname "$0")/.."
run=.stemma/run logs=.stemma/logs
mkdir -p "$run" "$logs"
[ -f .stemma/stack.env ] && { set -a; . .stemma/stack.env; set +a; }
api_url="http://${STEMMA_API_HOST:-127.0.0.1}:${STEMMA_API_PORT:-7070}"

alive() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

start_one() { # name entrypoint
  if alive "$1"; then echo "stemma $1: already running (pid $(cat "$run/$1.pid"))"; return; fi
  nohup node --enable-source-maps "dist/$2" >>"$logs/$1.log" 2>&1 &
  echo $! >"$run/$1.pid"
  echo "stemma $1: started (pid $!, log $logs/$1.log)"
}

stop_one() {
  alive "$1" || { rm -f "$run/$1.pid"; return; }
  local pid; pid=$(cat "$run/$1.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$run/$1.pid"
  echo "stemma $1: stopped"
}

wait_ready() {
  for _ in $(seq 1 120); do
    if ! alive api; then echo "stemma api: exited; last lines of $logs/api.log:" >&2; tail -n 20 "$logs/api.log" >&2; return 1; fi
    curl -fsS "$api_url/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "stemma api: not ready after 60 s at $api_url; last lines of $logs/api.log:" >&2
  tail -n 20 "$logs/api.log" >&2
  curl -sS "$api_url/readyz" >&2 || true
  return 1
}

case "${1:-}" in
  start)
    { [ -f dist/api/main.js ] && [ -f dist/api/bootstrap-admin.js ]; } || npm run -s build
    node --enable-source-maps dist/api/bootstrap-admin.js --token-file .stemma/admin-token
    start_one workers workers/main.js
    start_one api api/main.js
    wait_ready
    echo "stemma api: ready at $api_url"
    ;;
  stop) stop_one api; stop_one workers ;;
  restart) stop_one api; stop_one workers; "$0" start ;;
  *) echo "usage: scripts/app.sh start|stop|restart" >&2; exit 2 ;;
esac

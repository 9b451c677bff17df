#!/usr/bin/env bash
# Creates examples/loan/.venv with the pinned packages the pipeline scripts use.
# Idempotent: does nothing when the venv already has exactly these versions.
# PYTHON names the interpreter to build the venv from (default: python3, 3.9 or newer).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"

has_requirements() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "$requirements" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    line = line.split('#')[0].strip()
    if not line:
        continue
    name, wanted = line.split('==')
    try:
        if version(name) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

if has_requirements; then
  echo "loan: venv ready ($venv)"
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "loan: creating $venv with $("$python" --version 2>&1)"
  "$python" -m venv "$venv" || {
    echo "loan: '$python -m venv' failed; on Debian/Ubuntu install python3-venv, or set PYTHON" >&2
    exit 1
  }
fi
echo "loan: installing $(grep -v '^#' "$requirements" | tr '\n' ' ')"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
has_requirements || { echo "loan: the venv does not have the pinned versions after pip install" >&2; exit 1; }
echo "loan: venv ready ($venv)"

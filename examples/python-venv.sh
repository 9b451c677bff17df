#!/usr/bin/env bash
# Creates <example>/.venv with the pinned packages of <example>/requirements.txt, for an
# example's pipeline scripts. Idempotent: does nothing when the venv already has exactly those
# versions. PYTHON names the interpreter to build the venv from (default: python3, 3.9 or newer).
#   examples/python-venv.sh <example-dir>
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <example-dir>" >&2; exit 2; }
here="$(cd "$1" && pwd)"
name="$(basename "$here")"
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
  echo "$name: venv ready ($venv)"
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "$name: creating $venv with $("$python" --version 2>&1)"
  "$python" -m venv "$venv" || {
    echo "$name: '$python -m venv' failed; on Debian/Ubuntu install python3-venv, or set PYTHON" >&2
    exit 1
  }
fi
echo "$name: installing $(grep -v '^#' "$requirements" | tr '\n' ' ')"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
has_requirements || { echo "$name: the venv does not have the pinned versions after pip install" >&2; exit 1; }
echo "$name: venv ready ($venv)"

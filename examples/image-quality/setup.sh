#!/usr/bin/env bash
# Creates examples/image-quality/.venv with the pinned packages the pipeline scripts use
# (requirements.txt). Idempotent. PYTHON names the interpreter (default: python3, 3.9 or newer).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../python-venv.sh" "$here"

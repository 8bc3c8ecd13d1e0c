#!/usr/bin/env bash
# Create .venv (if needed) and install plainspeak with its pinned dependencies.
# Usage: bash scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
if [ "${1:-}" = "dev" ]; then
  python -m pip install -q -r requirements-dev.txt
else
  python -m pip install -q -r requirements.txt
fi
python -m pip install -q --no-deps -e .
# Byte-compile the package now: an editable install leaves its sources uncompiled, and where
# PYTHONDONTWRITEBYTECODE is set (common in containers, and on the reference machine) every command
# would compile the ~90 modules it imports on each start (about 0.1 s of CPU; bench_startup.py)
python -m compileall -q plainspeak >/dev/null

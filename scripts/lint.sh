#!/usr/bin/env bash
# Lint, format check, type check and generated-docs check (scripts/test.sh runs this first).
# Usage: bash scripts/lint.sh   (after scripts/setup.sh dev; `ruff format .` fixes formatting)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] && . .venv/bin/activate
ruff check .
ruff format --check .
mypy
python -m plainspeak.generate --check

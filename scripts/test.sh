#!/usr/bin/env bash
# Install everything the tests need into .venv, lint and type-check, then run the whole test suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
[ -f scripts/install-browser.sh ] && bash scripts/install-browser.sh
. .venv/bin/activate
export PLAINSPEAK_THREADS=${PLAINSPEAK_THREADS:-2}
bash scripts/lint.sh        # ruff, mypy, generated files
python -m pytest -q "$@"

#!/usr/bin/env bash
# Install everything the tests need into .venv, lint and type-check, then run the whole test suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
[ -f scripts/install-browser.sh ] && bash scripts/install-browser.sh
# the house-style store tests also run against a real PostgreSQL server (skipped, saying why, if it cannot start)
if url=$(bash scripts/start-postgres.sh); then
  export PLAINSPEAK_TEST_POSTGRES_URL="$url"
else
  echo "test.sh: PostgreSQL could not be started; its house-style tests will be skipped" >&2
fi
. .venv/bin/activate
export PLAINSPEAK_THREADS=${PLAINSPEAK_THREADS:-2}
bash scripts/lint.sh        # ruff, mypy, generated files
python -m pytest -q "$@"

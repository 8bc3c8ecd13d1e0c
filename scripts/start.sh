#!/usr/bin/env bash
# Install plainspeak and start it. Usage: bash scripts/start.sh [app flags]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
if [ -f app.py ]; then
  exec python app.py "$@"
fi
exec plainspeak rewrite examples/bank-notice.txt

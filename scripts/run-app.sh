#!/usr/bin/env bash
# One command to set up and start the desktop app: ./scripts/run-app.sh [--demo] [--vault DIR] [FILE|pdv:LINK]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m vault_app "$@"

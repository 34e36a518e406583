#!/usr/bin/env bash
# One command to set up and start the desktop app: ./scripts/run-app.sh [--demo] [--vault DIR] [FILE|pdv:LINK]
# Installs what is missing (Qt's system libraries, including those of its X11 plugin, and .venv), then starts the
# app. On a machine with no screen at all it starts the app on a virtual screen (Xvfb), so the command still
# shows that the app runs; use a desktop session to see it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "$(uname -s)" == Linux ]]; then
  export PDV_WITH_X11=1
fi
bash scripts/setup.sh
if [[ "$(uname -s)" == Linux && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
  echo "run-app: this machine has no screen; starting the app on a virtual screen (Xvfb). Ctrl+C stops it." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m vault_app "$@"
fi
exec .venv/bin/python -m vault_app "$@"

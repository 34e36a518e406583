#!/usr/bin/env bash
# One command to set up and run the whole test suite: ./scripts/test.sh [pytest args]
# PDV_FULL=1 runs the long harnesses (300 crash kills, 100,000 fuzz inputs) instead of their quick versions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
# Hypothesis' reproducible profile with no speed-only failures (tests/hypothesis_profiles.py); set
# PDV_HYPOTHESIS_PROFILE=default for random examples with deadlines
export PDV_HYPOTHESIS_PROFILE=${PDV_HYPOTHESIS_PROFILE:-ci}
exec .venv/bin/python -m pytest "$@"

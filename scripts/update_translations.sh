#!/usr/bin/env bash
# Regenerate the desktop app's translation sources (.ts) from the GUI code and compile them (.qm).
# Existing translations are kept; new strings appear as unfinished until someone translates them
# (tests/gui/test_gui_translations.py fails while zh_CN has any). English only needs plural forms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PYSIDE_BIN:-.venv/bin}
DIR=vault_app/resources/translations
mapfile -t SOURCES < <(find vault_app/gui -name '*.py' | sort)
"$BIN/pyside6-lupdate" "${SOURCES[@]}" -no-obsolete -locations relative -ts "$DIR/pdvault_zh_CN.ts"
"$BIN/pyside6-lupdate" "${SOURCES[@]}" -no-obsolete -locations relative -pluralonly -ts "$DIR/pdvault_en.ts"
"$BIN/python" scripts/ts_numerus.py  # lupdate misses the count in QCoreApplication.translate(..., n)
for ts in "$DIR"/pdvault_*.ts; do
  "$BIN/pyside6-lrelease" -removeidentical "$ts" -qm "${ts%.ts}.qm"
done

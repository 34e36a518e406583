#!/usr/bin/env bash
# Builds the one-folder desktop bundle dist/pdvault/ with PyInstaller, then smoke-tests it.
#
#   packaging/build.sh            build + smoke test
#   packaging/build.sh --bench    also measure bundle size and start times (benchmarks/out/packaging.json)
#   packaging/build.sh --no-build smoke-test (and --bench) an existing dist/pdvault
#
# Needs the project's venv (scripts/setup.sh makes it). PyInstaller is a build-only tool: it is installed into
# the venv here when missing and is not a dependency of the app. Set PYTHON to use another interpreter, and
# PDV_DIST / PDV_WORK to build somewhere else than dist/ and build/pyinstaller/ (the tests do).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
DIST=${PDV_DIST:-dist}
WORK=${PDV_WORK:-build/pyinstaller}
BUNDLE=$DIST/pdvault
BUILD=1
SMOKE_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --bench) SMOKE_ARGS+=(--bench --json-out benchmarks/out/packaging.json) ;;
    *) echo "usage: $0 [--no-build] [--bench]" >&2; exit 2 ;;
  esac
done

if [[ ! -x $PY ]]; then
  echo "build: no interpreter at $PY; run scripts/setup.sh first (or set PYTHON)" >&2
  exit 1
fi

if ((BUILD)); then
  if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
    echo "build: installing PyInstaller (build-only) into the venv"
    "$PY" -m pip install -q "pyinstaller>=6.10" 2>&1 | grep -v '^WARNING: Location' || true
  fi
  # Icons are committed; this only checks they still match their SVG sources (needs Qt, which the venv has).
  QT_QPA_PLATFORM=offscreen "$PY" packaging/render_icons.py --check
  echo "build: PyInstaller $("$PY" -m PyInstaller --version)"
  start=$(date +%s)
  # A UTF-8 locale: PyInstaller and the app read and write UTF-8 text (metadata, translations, zh_CN strings).
  LANG=C.UTF-8 LC_ALL=C.UTF-8 "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/pdvault.spec
  echo "build: $BUNDLE built in $(($(date +%s) - start)) s, $(du -sh "$BUNDLE" | cut -f1)"
  # Some wheels (sqlcipher3) and pyenv-built Pythons ship their libraries with debug information: about 30 MB
  # that no user needs. Remove only the debug sections (symbols stay), and only where there are some.
  if command -v strip >/dev/null && command -v readelf >/dev/null; then
    n=0
    while IFS= read -r -d '' f; do
      [[ $(head -c4 "$f" | od -An -c | tr -d ' ') == 177ELF ]] || continue
      # (not `readelf | grep -q`: under pipefail, grep quitting early makes readelf die of SIGPIPE)
      sections=$(readelf -S "$f" 2>/dev/null || true)
      if [[ $sections == *.debug_info* ]]; then
        strip --strip-debug "$f" && n=$((n + 1))
      fi
    done < <(find "$BUNDLE" -type f -print0)
    echo "build: removed debug information from $n libraries, now $(du -sh "$BUNDLE" | cut -f1)"
  else
    echo "build: strip/readelf (binutils) not found: libraries keep their debug information"
  fi
fi

"$PY" packaging/smoke_bundle.py --bundle "$BUNDLE" --python "$PY" "${SMOKE_ARGS[@]}"

#!/usr/bin/env bash
# Sets up everything Personal Data Vault needs on a fresh Debian/Ubuntu machine: the system libraries Qt loads
# (installed only when missing), a virtual environment in .venv, and the package with its test extras.
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3)
if [[ "${PDV_WITH_X11:-0}" == 1 ]]; then
  QT_LIBS+=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
            libxcb-image0 libxcb-render-util0 libxcb-randr0
            fonts-wqy-microhei)  # a CJK font: the Chinese screens (and screenshots) need one
fi
# the registry tests start a real PostgreSQL server from Debian's binaries (tests/pgserver.py)
QT_LIBS+=(postgresql)
# a durability test counts the fsyncs of an import and an approval with strace
QT_LIBS+=(strace)
# Apache Spark (pyspark, the consent gate's cluster engine and its tests) needs a Java 17+ runtime.
if ! command -v java >/dev/null 2>&1; then
  QT_LIBS+=(openjdk-17-jre-headless)
fi
if [[ -n "${PDV_EXTRA_DEBS:-}" ]]; then
  read -r -a extra <<<"$PDV_EXTRA_DEBS"
  QT_LIBS+=("${extra[@]}")
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${QT_LIBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "setup: installing system libraries: ${missing[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.pdv-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "setup: installing Personal Data Vault and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -m pip install -q -e ".[test]" >.venv/.pdv-install.log 2>&1 || { cat .venv/.pdv-install.log >&2; exit 1; }
  .venv/bin/python -c "import vault_app, sqlcipher3, PySide6.QtWidgets, aiohttp, psycopg" || { echo "setup: install failed" >&2; exit 1; }
  touch "$stamp"
fi

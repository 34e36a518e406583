#!/usr/bin/env bash
# Regenerates the Python dependency modules of the Flatpak manifest: python3-deps.json (pure-Python packages,
# built from their source releases) and python3-wheels.json (cryptography, cffi, sqlcipher3, orjson as manylinux wheels
# for x86_64 and aarch64). Run it after changing requirements-*.txt or the runtime branch; it needs network.
#
# Tools (the manifest build itself needs neither):
#   flatpak, flatpak-builder and the SDK:  flatpak install flathub org.kde.Sdk//<branch> io.qt.PySide.BaseApp//<branch>
#   flatpak-pip-generator (flatpak-builder-tools' pip/ folder, also packaged on PyPI): pipx install flatpak-pip-generator
#   req2flatpak:                                                                       pipx install req2flatpak
#
# Building the native packages from source instead (Flathub reviewers may ask): add the SDK extension
# org.freedesktop.Sdk.Extension.rust-stable (append-path /usr/lib/sdk/rust-stable/bin) and vendor cryptography's
# and orjson's crates with flatpak-cargo-generator; build SQLCipher as its own module against the runtime's OpenSSL
# and let sqlcipher3 link to it. Then move those four lines from requirements-native.txt to requirements-pure.txt.
set -euo pipefail
cd "$(dirname "$0")"

branch=$(sed -n "s/^runtime-version: '\(.*\)'$/\1/p" org.pdvault.PersonalDataVault.yml)
sdk="org.kde.Sdk//$branch"
# Wheels must match the runtime's Python (cp313 for the 6.10 runtime); ask the SDK rather than guess.
pyver=$(flatpak run --command=python3 "$sdk" -c 'import sys; print("%d%d" % sys.version_info[:2])')
echo "update-python-deps: runtime $sdk, Python $pyver"

# --runtime runs pip inside the SDK, so version markers are evaluated for the runtime's Python.
flatpak-pip-generator --runtime="$sdk" --requirements-file=requirements-pure.txt --output python3-deps
req2flatpak --requirements-file requirements-native.txt \
  --target-platforms "$pyver-x86_64" "$pyver-aarch64" --outfile python3-wheels.json
echo "update-python-deps: wrote python3-deps.json and python3-wheels.json"

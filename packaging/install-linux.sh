#!/usr/bin/env bash
# Installs the PyInstaller bundle (dist/pdvault) for the current user, with its desktop integration: the menu
# entry, the request/grant/receipt file types, the pdv: link scheme and the icons. Needs no root.
#
#   packaging/install-linux.sh                 install dist/pdvault into ~/.local
#   packaging/install-linux.sh --uninstall     remove everything it installed (never the vault or settings)
#   options: --bundle DIR (default dist/pdvault), --prefix DIR (default ~/.local; /usr/local as root)
#
# Layout: PREFIX/lib/pdvault/ (the bundle), PREFIX/bin/{pdvault,pdvault-cli,pdvault-org} (links), and under
# PREFIX/share: applications/, metainfo/, mime/packages/, icons/hicolor/. Data and settings stay where the app
# keeps them (~/.local/share/pdvault, ~/.config/pdvault) and are never touched here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
APP_ID=org.pdvault.PersonalDataVault
bundle=$here/dist/pdvault
if [[ $(id -u) -eq 0 ]]; then prefix=/usr/local; else prefix=$HOME/.local; fi
action=install
while (($#)); do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    *) echo "usage: $0 [--bundle DIR] [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
  esac
done
share=$prefix/share
res=$here/resources
commands=(pdvault pdvault-cli pdvault-org)

refresh() {
  # Each cache is optional: without it the desktop rescans, just more slowly.
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" >/dev/null 2>&1 || true
  if command -v gtk-update-icon-cache >/dev/null && [[ -f $share/icons/hicolor/index.theme ]]; then
    gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
  fi
}

if [[ $action == uninstall ]]; then
  for c in "${commands[@]}"; do
    # Only our own links: never remove a pdvault-cli that pip or a package manager put there.
    if [[ -L $prefix/bin/$c && $(readlink "$prefix/bin/$c") == "$prefix/lib/pdvault/$c" ]]; then
      rm -f "$prefix/bin/$c"
    fi
  done
  rm -rf "$prefix/lib/pdvault"
  rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
        "$share/mime/packages/$APP_ID.xml"
  find "$share/icons/hicolor" -name "$APP_ID*" -delete 2>/dev/null || true
  refresh
  echo "Removed Personal Data Vault from $prefix (your vault and settings were left as they are)."
  exit 0
fi

if [[ ! -x $bundle/pdvault ]]; then
  echo "install: no bundle at $bundle; build it first with packaging/build.sh" >&2
  exit 1
fi

mkdir -p "$prefix/lib" "$prefix/bin" "$share/applications" "$share/metainfo" "$share/mime/packages" \
         "$share/icons"
# Replace a previous install as a whole: stale files from an older version must not linger in _internal/.
rm -rf "$prefix/lib/pdvault.new"
cp -a "$bundle" "$prefix/lib/pdvault.new"
rm -rf "$prefix/lib/pdvault"
mv "$prefix/lib/pdvault.new" "$prefix/lib/pdvault"
for c in "${commands[@]}"; do
  [[ -x $prefix/lib/pdvault/$c ]] && ln -sfn "$prefix/lib/pdvault/$c" "$prefix/bin/$c"
done

# The menu entry runs the installed program by its full path, so it works even when PREFIX/bin is not on the
# PATH of the desktop session.
sed -e "s|^Exec=pdvault |Exec=$prefix/bin/pdvault |" -e "s|^TryExec=pdvault$|TryExec=$prefix/bin/pdvault|" \
  "$res/$APP_ID.desktop" >"$share/applications/$APP_ID.desktop"
install -m 644 "$res/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$res/$APP_ID.mime.xml" "$share/mime/packages/$APP_ID.xml"
cp -r "$res/icons/hicolor" "$share/icons/"
refresh

echo "Installed Personal Data Vault in $prefix/lib/pdvault."
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Note: $prefix/bin is not on your PATH; add it to run pdvault-cli and pdvault-org by name." ;;
esac

#!/usr/bin/env bash
# Install (or upgrade, or remove) 驿站 Station for the current user, from the unpacked
# archive station-app-<version>-linux-<machine>.tar.gz:
#
#   bash linux/install.sh              install or upgrade: program in ~/.local/opt/station-app,
#                                      `station-app` in ~/.local/bin, menu entry and icons
#   bash linux/install.sh --uninstall  remove the program, the menu entry and the icons
#
# The station's data (~/.local/share/station-app: database, settings, logs, backups) is
# never touched by either: an upgrade keeps it, and so does an uninstall.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle="$here/../station-app"
prefix="${PREFIX:-$HOME/.local}"
program="$prefix/opt/station-app"
bin="$prefix/bin/station-app"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
desktop="$share/applications/station-app.desktop"
sizes=(16 24 32 48 64 128 256)

remove_program() {
  rm -rf "$program"
  rm -f "$bin" "$desktop"
  for size in "${sizes[@]}"; do
    rm -f "$share/icons/hicolor/${size}x${size}/apps/station-app.png"
  done
}

if [ "${1:-}" = "--uninstall" ]; then
  remove_program
  echo "Removed the program. The station's data is still in $share/station-app."
  exit 0
fi

if [ ! -x "$bundle/station-app" ]; then
  echo "No program next to this script (expected $bundle/station-app)." >&2
  exit 1
fi

# Upgrade = remove the old program folder, then copy the new one: no stale library of the
# old version is left behind. Close the app first.
remove_program
mkdir -p "$program" "$(dirname "$bin")" "$(dirname "$desktop")"
cp -a "$bundle/." "$program/"
ln -sf "$program/station-app" "$bin"
sed "s|^Exec=station-app|Exec=$program/station-app|" "$here/station-app.desktop" >"$desktop"
for size in "${sizes[@]}"; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$here/icons/station-app-$size.png" "$share/icons/hicolor/${size}x${size}/apps/station-app.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true

echo "Installed $("$program/station-app" --version) in $program."
echo "Start it from the menu (驿站 / Station) or with: station-app"
echo "Its data lives in $share/station-app."

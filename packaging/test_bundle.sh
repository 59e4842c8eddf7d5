#!/usr/bin/env bash
# Build the frozen Linux app and prove that it works, as a volunteer would get it: the
# archive is unpacked into a temporary folder (so nothing resolves back into the checkout)
# and the program in it must
#   1. print the version of station_app/__init__.py         (--version)
#   2. create and migrate a database, set up a station, check a card in and render a
#      weekly report with the bundled font, in a temporary folder         (--self-test)
#   3. start its GUI (Qt offscreen) on a demo station and save a picture  (--screenshot)
#   4. install for a user with linux/install.sh, and uninstall leaving the data in place
#
#   bash packaging/test_bundle.sh       (or: bash scripts/dev.sh bundle-test)
#
# About a minute on two cores; not part of `dev.sh test`. Needs PyInstaller in .venv
# (pip install -e ".[packaging]") and Qt's runtime libraries (dev.sh installs them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
python="${PYTHON:-.venv/bin/python}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { echo "BUNDLE TEST FAILED: $*" >&2; exit 1; }

"$python" packaging/build.py
version="$("$python" -c 'import station_app; print(station_app.__version__)')"
archive="$(ls dist/station-app-"$version"-linux-*.tar.gz)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/station-bundle-test.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
tar -xzf "$archive" -C "$scratch"
top="$scratch/station-app-$version"
app="$top/station-app/station-app"
# The user's own data folder must not be touched: HOME and XDG point into the scratch folder.
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/.local/share"
mkdir -p "$HOME"

# Qt's own dialogs and buttons speak Chinese only with Qt's catalog beside the binding.
find "$top" -path '*/Qt/translations/qtbase_zh_CN.qm' | grep -q . \
  || fail "Qt's Chinese translation (qtbase_zh_CN.qm) is not in the bundle"

say "1/4 --version"
printed="$("$app" --version)"
echo "$printed"
[ "$printed" = "station-app $version" ] || fail "--version printed '$printed'"

say "2/4 --self-test"
"$app" --self-test || fail "--self-test exited $?"

say "3/4 the GUI, offscreen, on a demo station"
"$app" --data-dir "$scratch/demo" demo --days 14 >/dev/null
QT_QPA_PLATFORM=offscreen "$app" --data-dir "$scratch/demo" --screenshot "$scratch/window.png" \
  || fail "the GUI exited $?"
"$python" - "$scratch/window.png" <<'EOF' || fail "no usable screenshot"
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
colours = len(image.resize((320, 200)).getcolors(maxcolors=64000) or [])
print(f"window picture: {image.size[0]}x{image.size[1]}, {colours} colours")
# A blank or black window has a handful of colours; the check-in page has hundreds.
sys.exit(0 if image.size[0] >= 1024 and colours > 50 else 1)
EOF
cp "$scratch/window.png" dist/bundle-test-window.png

say "4/4 install for this user, upgrade, uninstall"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$top/linux/station-app.desktop" || fail "desktop entry"
fi
bash "$top/linux/install.sh"
bash "$top/linux/install.sh" >/dev/null  # again: an upgrade over the installed copy
installed="$HOME/.local/opt/station-app/station-app"
[ "$("$installed" --version)" = "station-app $version" ] || fail "installed copy"
"$installed" occupation list >/dev/null  # creates the default data folder
data="$XDG_DATA_HOME/station-app"
[ -f "$data/station.sqlite3" ] || fail "no database in $data"
bash "$top/linux/install.sh" --uninstall
[ ! -e "$installed" ] || fail "uninstall left the program"
[ -f "$data/station.sqlite3" ] || fail "uninstall removed the data"

say "Bundle test passed: $archive"

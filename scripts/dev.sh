#!/usr/bin/env bash
# One script behind the README's two commands:
#   bash scripts/dev.sh run    set everything up, then open the app on a demo station
#   bash scripts/dev.sh test   set everything up, then lint, type-check and run every test
# It installs what a fresh Debian 12 / Ubuntu machine lacks (as root, or through sudo), and
# otherwise says exactly what is missing. Re-running is cheap: each step skips done work.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-}"
case "$mode" in
  run|test) ;;
  *) echo "usage: bash scripts/dev.sh run|test" >&2; exit 64 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages -------------------------------------------------------------------
# Qt's runtime libraries (offscreen and xcb), venv support for the system Python, and the
# tools tests use to look at PDFs.
debs=(python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
      libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
      libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1)
if [ "$mode" = test ]; then
  debs+=(poppler-utils poppler-data)
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
      echo "These system packages are missing: ${missing[*]}" >&2
      echo "Ask an administrator to run: apt-get install ${missing[*]}" >&2
      exit 1
    fi
    say "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
else
  echo "Not a Debian-like system: make sure Qt 6's runtime libraries are installed." >&2
fi

# --- Python ------------------------------------------------------------------------------
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1 || echo none))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
# Reinstall only when the dependency list changed.
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Installing the app and its development tools"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
.venv/bin/python scripts/catalogs.py compile >/dev/null

# --- run or test -------------------------------------------------------------------------
if [ "$mode" = run ]; then
  data=".demo-station"
  say "Preparing the demo station in $data"
  .venv/bin/station-app --data-dir "$data" demo --if-empty
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
    say "No screen here: saving a picture of the window to $data/screenshot.png instead"
    QT_QPA_PLATFORM=offscreen .venv/bin/station-app --data-dir "$data" \
      --screenshot "$data/screenshot.png"
    exit 0
  fi
  exec .venv/bin/station-app --data-dir "$data"
fi

say "Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
say "Type check (mypy)"
.venv/bin/mypy
say "Tests (pytest)"
QT_QPA_PLATFORM=offscreen .venv/bin/pytest

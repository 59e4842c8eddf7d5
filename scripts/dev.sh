#!/usr/bin/env bash
# One script behind the README's two commands:
#   bash scripts/dev.sh run    set everything up, then open the app on a demo station
#   bash scripts/dev.sh test   set everything up, then lint, type-check and run every test (on
#                              today's date, then twice more on other dates under faketime)
# and:
#   bash scripts/dev.sh bench        set everything up, then run the benchmarks (bench/README.md)
#   bash scripts/dev.sh bundle       build the frozen app (dist/station-app/ and an archive)
#   bash scripts/dev.sh bundle-test  build it, then run the frozen app's own checks
# It installs what a fresh Debian 12 / Ubuntu machine lacks (as root, or through sudo), and
# otherwise says exactly what is missing. Re-running is cheap: each step skips done work.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-}"
case "$mode" in
  run|test|bench|bundle|bundle-test) ;;
  *) echo "usage: bash scripts/dev.sh run|test|bench|bundle|bundle-test" >&2; exit 64 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages -------------------------------------------------------------------
# Qt's runtime libraries (offscreen and xcb; QtMultimedia, for webcam scanning, also loads
# libpulse0 even when no sound is played), venv support for the system Python, and the
# tools tests use to look at PDFs.
debs=(python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
      libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
      libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libpulse0)
if [ "$mode" = test ]; then
  # poppler: to look at PDFs; postgresql: the HQ tests run on a real PostgreSQL server too;
  # desktop-file-utils: the Linux menu entry is validated; faketime: the suite runs again on
  # other dates; chromium and its WebDriver: the HQ dashboard's tests use a real browser, and
  # a Chinese font lets its screenshots show the pages as staff see them.
  debs+=(poppler-utils poppler-data postgresql desktop-file-utils faketime
         chromium chromium-driver fonts-wqy-microhei)
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
  # The dev extra brings the others the tests need: hq (the HQ service) and camera
  # (PySide6-Addons for QtMultimedia, zxing-cpp).
  say "Installing the app and its development tools"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
.venv/bin/python scripts/catalogs.py compile >/dev/null

# --- bundle --------------------------------------------------------------------------------
if [ "$mode" = bundle ] || [ "$mode" = bundle-test ]; then
  if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
    say "Installing PyInstaller (the packaging extra)"
    .venv/bin/python -m pip install -q -e ".[dev,packaging]"
  fi
  if [ "$mode" = bundle ]; then
    exec .venv/bin/python packaging/build.py
  fi
  exec bash packaging/test_bundle.sh
fi

# --- run, bench or test ------------------------------------------------------------------
if [ "$mode" = bench ]; then
  say "Benchmarks (a fresh machine first builds the large stations: a minute or two)"
  shift
  QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m bench "$@"
fi
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
say "Layers (import-linter; tests/unit/test_architecture.py adds module-level cycles)"
.venv/bin/lint-imports

# --- PostgreSQL for the HQ tests ------------------------------------------------------
# A throwaway server for this run only: a new cluster in a temporary folder, listening on
# 127.0.0.1 on a free port, stopped and deleted when the script exits. The HQ service is the
# same code on SQLite and PostgreSQL, and tests/hq prove it on both (a plain `pytest` without
# the variable skips the PostgreSQL half and says why; here that would fail the run, see
# below). A URL given from outside is used as it is.
pg_dir=""
as_pg=()
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    (cd "$pg_dir" && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop \
      >/dev/null 2>&1) || true
  fi
  [ -z "$pg_dir" ] || rm -rf "$pg_dir"
}
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$pg_bin" ] && command -v initdb >/dev/null; then
    pg_bin="$(dirname "$(command -v initdb)")"
  fi
  if [ -z "$pg_bin" ]; then
    echo "PostgreSQL's server programs are not installed (apt-get install postgresql):" \
      "the HQ tests cannot run their PostgreSQL half." >&2
    exit 1
  fi
  # initdb refuses to run as root: as root the cluster belongs to the postgres system user
  # (in /tmp, which it can reach whatever TMPDIR says).
  if [ "$(id -u)" = 0 ]; then
    pg_dir="$(mktemp -d /tmp/station-pg.XXXXXX)"
    chown postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
  else
    pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/station-pg.XXXXXX")"
  fi
  trap stop_postgres EXIT
  local port
  port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  say "Starting a throwaway PostgreSQL server on 127.0.0.1:$port"
  # fsync off: the data lives only as long as this run.
  (cd "$pg_dir" \
    && "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U station -A trust -E UTF8 \
      --no-locale --no-sync >"$pg_dir/initdb.log" 2>&1 \
    && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $pg_dir -F" start >/dev/null \
    && "${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U station station_test) || {
    echo "PostgreSQL did not start; its logs:" >&2
    cat "$pg_dir"/*.log >&2 || true
    exit 1
  }
  export STATION_TEST_POSTGRES_URL="postgresql+psycopg://station@127.0.0.1:$port/station_test"
}
if [ -z "${STATION_TEST_POSTGRES_URL:-}" ]; then
  start_postgres
fi

# Every test must run here: STATION_NO_SKIPS makes a skipped test fail the run, naming it
# and the reason (tests/conftest.py), so a missing library or server cannot hide a test.
say "Tests (pytest)"
QT_QPA_PLATFORM=offscreen STATION_NO_SKIPS=1 .venv/bin/pytest

# --- the same tests on other dates ------------------------------------------------------
# The app reads the time only through its clock (station_app/clock.py) and the tests hold
# that still, so the suite must pass whatever the computer's date: run it again under
# libfaketime, which changes the time every process of the run sees (the PostgreSQL server,
# started above, keeps the real one). FAKETIME_DONT_FAKE_MONOTONIC=1: Qt's timers and every
# wait (threads, locks, subprocesses) count on the monotonic clock, and a faked one leaves
# them waiting for ever; only the wall clock moves. FAKETIME_DONT_RESET=1: the processes a
# test starts carry on from the run's time instead of starting again at its first moment.
# (tests/faketime_sleep.py: why the tests' time.sleep is different under libfaketime.)
on_another_date() {
  say "Tests (pytest) on another date: $1"
  FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_DONT_RESET=1 QT_QPA_PLATFORM=offscreen STATION_NO_SKIPS=1 \
    faketime -f "$2" .venv/bin/pytest -q
}
# More than a year ahead: cards, expiry dates, retention, reports and backup names in a year
# no test was written in.
on_another_date "400 days from now" "+400d"
# New Year's Eve in UTC while it is already the first of January in Beijing (00:20, CST),
# ticking from there: the days, weeks and years of the two zones differ. A start-at time is
# read in the machine's zone, so the UTC moment is written in that zone first.
start="$(date -d "2028-12-31 16:20:00 UTC" "+%Y-%m-%d %H:%M:%S")"
on_another_date "2029-01-01 00:20 in Beijing (2028-12-31 16:20 UTC)" "@$start"

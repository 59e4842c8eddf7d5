"""Build the frozen app for this platform; on Windows also the installer.

    python packaging/build.py             # dist/station-app/ (+ the archive or installer)
    python packaging/build.py --no-archive

Steps: compile the translation catalogs, run PyInstaller on packaging/station_app.spec
(one folder: dist/station-app/), then
  Linux:   dist/station-app-<version>-linux-<machine>.tar.gz, the folder plus the .desktop
           entry, the icons and packaging/linux/install.sh;
  Windows: dist/station-app-<version>-setup.exe through Inno Setup's ISCC, when installed
           (the version is passed to it here, from station_app.__version__).
The version has one home, station_app/__init__.py; pyproject.toml, the spec, the
installer and `station-app --version` all read it from there.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from station_app import APP_NAME, __version__  # noqa: E402

DIST = ROOT / "dist"
BUNDLE = DIST / APP_NAME
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "packaging" / "station_app.spec"
ISS = ROOT / "packaging" / "windows" / "station.iss"


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compile_catalogs() -> None:
    say("Compiling the translation catalogs")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "catalogs.py"), "compile"], check=True)


def run_pyinstaller() -> None:
    say(f"PyInstaller: {APP_NAME} {__version__} into {BUNDLE.relative_to(ROOT)}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )


def linux_archive() -> Path:
    machine = platform.machine().lower() or "unknown"
    target = DIST / f"{APP_NAME}-{__version__}-linux-{machine}.tar.gz"
    say(f"Archive: {target.relative_to(ROOT)}")
    top = f"{APP_NAME}-{__version__}"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(BUNDLE, arcname=f"{top}/{APP_NAME}")
        tar.add(ROOT / "packaging" / "linux", arcname=f"{top}/linux")
        tar.add(ROOT / "resources" / "icons", arcname=f"{top}/linux/icons")
    return target


def windows_installer() -> Path | None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    candidate = default / "Inno Setup 6" / "ISCC.exe"
    if iscc is None and candidate.exists():
        iscc = str(candidate)
    if iscc is None:
        print("Inno Setup 6 (ISCC.exe) not found: the folder is built, the installer is not.")
        return None
    say("Inno Setup: the installer")
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={__version__}",
            f"/DSourceDir={BUNDLE}",
            f"/DOutputDir={DIST}",
            str(ISS),
        ],
        check=True,
    )
    return DIST / f"{APP_NAME}-{__version__}-setup.exe"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-archive", action="store_true", help="stop after the folder")
    args = parser.parse_args()
    started = time.monotonic()
    compile_catalogs()
    run_pyinstaller()
    built = time.monotonic() - started
    size = folder_size(BUNDLE)
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
    say(f"Bundle: {BUNDLE} — {size / 1e6:.0f} MB in {files} files, built in {built:.0f} s")
    if not args.no_archive:
        product = windows_installer() if sys.platform == "win32" else linux_archive()
        if product is not None and product.exists():
            say(f"Ready: {product} ({product.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The packaging files agree with the app: one version, one program name, the data folder
kept out of the installer's hands, the licences of everything shipped.

The frozen build itself is tested by packaging/test_bundle.sh (about a minute and a half,
see packaging/README.md); the Windows installer can only be compiled on Windows.
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from PIL import Image

from station_app import APP_NAME, __version__
from station_app import resources as paths
from station_app.services.station.licences import SHIPPED, components

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "station.iss"
DESKTOP = ROOT / "packaging" / "linux" / "station-app.desktop"


def distribution_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installer_lines() -> list[str]:
    """The installer script without its comments (;) — what ISCC acts on."""
    text = ISS.read_text(encoding="utf-8-sig")
    return [line for line in text.splitlines() if not line.lstrip().startswith(";")]


def test_the_version_has_one_home() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "station_app.__version__"
    }
    # The installer is given the version by packaging/build.py; it holds none of its own.
    lines = installer_lines()
    assert "AppVersion={#AppVersion}" in lines
    assert not any(__version__ in line for line in lines)


def test_the_installer_starts_the_program_the_spec_builds() -> None:
    spec = (ROOT / "packaging" / "station_app.spec").read_text(encoding="utf-8")
    assert "name=APP_NAME," in spec
    assert f'#define AppExeName "{APP_NAME}.exe"' in installer_lines()


def test_uninstalling_never_deletes_the_station_data() -> None:
    lines = installer_lines()
    assert "[UninstallDelete]" not in lines
    # The one mention of the data folder is the message saying it was kept; it names the
    # folder platformdirs gives the app on Windows (%LOCALAPPDATA%\station-app).
    data = [line for line in lines if "{localappdata}" in line]
    assert data == [f'#define DataFolder "{{localappdata}}\\{APP_NAME}"']
    # An upgrade clears the old program's libraries only, inside the program folder.
    deleted = [line for line in lines if line.startswith("Type:")]
    assert deleted == ['Type: filesandordirs; Name: "{app}\\_internal"']


def test_the_installer_upgrades_in_place() -> None:
    setup = [line for line in installer_lines() if line.startswith("AppId=")]
    assert len(setup) == 1
    assert re.fullmatch(r"AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup[0])
    assert "CloseApplications=yes" in installer_lines()


def test_the_linux_menu_entry_starts_the_program_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name[zh_CN]"] == "驿站"
    assert section["Exec"].split()[0] == APP_NAME
    assert section["Icon"] == APP_NAME
    assert "Office" in section["Categories"].split(";")


def test_the_linux_menu_entry_passes_the_freedesktop_validator() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    checked = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_every_icon_size_is_there_and_drawn_at_that_size(size: int) -> None:
    with Image.open(paths.icons_dir() / f"station-app-{size}.png") as opened:
        image = opened.convert("RGBA")
    assert image.size == (size, size)
    # An orange rounded square (see-through corners) with a white glyph on it.
    red, _green, blue, alpha = image.getpixel((size // 2, max(1, size * 8 // 100)))
    assert alpha == 255 and red > 150 and blue < 120  # ACCENT is (232, 113, 26)
    assert image.getpixel((0, 0))[3] < 128
    colours = image.getcolors(maxcolors=size * size) or []
    white = sum(count for count, (r, g, b, a) in colours if min(r, g, b) > 230 and a == 255)
    assert white > size * size // 20


def test_the_windows_icon_holds_every_size() -> None:
    with Image.open(ROOT / "packaging" / "icons" / "station-app.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_every_runtime_dependency_is_listed_with_its_licence() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = pyproject["project"]["dependencies"]
    required = {distribution_key(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in specs}
    listed = {distribution_key(s.distribution) for s in SHIPPED if s.direct}
    assert listed == required
    # A dependency for another system (tzdata: Windows) is not installed here to be read.
    elsewhere = {distribution_key(s.distribution) for s in SHIPPED if s.windows_only}
    here = required - elsewhere if sys.platform != "win32" else required
    found = {distribution_key(c.name): c for c in components()}
    for name in here:
        assert found[name].licence not in ("", "?"), name
        assert found[name].text, f"no licence text for {name}"


def test_the_font_and_python_come_first_with_their_full_licences() -> None:
    font, python, *_rest = components()
    assert "WenQuanYi" in font.name
    assert "Apache License" in font.text
    assert "Version 2.0" in font.text
    assert python.name == "Python"
    assert python.version == "{}.{}.{}".format(*sys.version_info[:3])
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in python.text


def test_a_frozen_bundle_finds_resources_and_migrations_inside_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyInstaller sets sys.frozen and sys._MEIPASS (the bundle's _internal folder).
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.bundled_font() == tmp_path / "resources" / "fonts" / "wqy-microhei.ttc"
    assert paths.locale_dir() == tmp_path / "resources" / "locale"
    assert paths.migrations_dir() == tmp_path / "station_app" / "db" / "migrations"


def test_a_checkout_finds_them_beside_and_inside_the_package() -> None:
    assert paths.resources_dir() == ROOT / "resources"
    assert (paths.migrations_dir() / "env.py").is_file()
    assert paths.bundled_font().is_file()
    assert paths.bundled_font_licence().is_file()


def _spec_filter() -> Callable[[str], bool]:
    """The spec's ``_wanted``, the rule for what the bundle keeps, taken out of the spec
    (the rest of it needs PyInstaller running)."""
    spec = ROOT / "packaging" / "station_app.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    (wanted,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_wanted"]
    scope: dict[str, object] = {"re": re}
    exec(compile(ast.Module([wanted], type_ignores=[]), str(spec), "exec"), scope)
    keep = scope["_wanted"]
    assert callable(keep)
    return cast(Callable[[str], bool], keep)


def test_the_bundle_keeps_qts_chinese_translations() -> None:
    keep = _spec_filter()
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert keep("PySide6\\Qt\\translations\\qt_zh_CN.qm")  # as Windows spells it
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("station_app/ui/qt_translations.py")

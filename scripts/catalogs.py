"""Keep the translation catalogs in step with the code.

    python scripts/catalogs.py update    # extract msgids into the .pot, merge into every .po
    python scripts/catalogs.py compile   # write the .mo files the app loads

The .pot and .po files are committed; the .mo files are built (by the setup script and the
PyInstaller spec) and ignored by git. tests/unit/test_catalogs.py fails when the .pot is
stale or a msgid has no zh_CN translation.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "station_app.pot"
LANGUAGES = ("zh_CN",)


def extract(output: Path) -> None:
    os.chdir(ROOT)  # relative paths in the catalog, whatever the caller's folder
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
        "--project", "station-app", "--copyright-holder", "驿站 Station contributors",
        # No source locations: line numbers would churn the catalogs on every edit.
        "--no-location", "--sort-output", "--no-wrap", "--add-comments", "TRANSLATORS:",
        "-o", str(output), "station_app",
    ])  # fmt: skip


def update() -> None:
    extract(TEMPLATE)
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "station_app.po"
        command = "update" if po.exists() else "init"
        args = ["pybabel", "-q", command, "-i", str(TEMPLATE), "-d", str(LOCALE),
                "-D", "station_app", "-l", language, "--no-wrap"]  # fmt: skip
        if command == "update":
            args += ["--ignore-obsolete"]
        CommandLineInterface().run(args)


def compile_catalogs() -> None:
    sys.path.insert(0, str(ROOT))
    from station_app.i18n.compile import compile_all

    for mo in compile_all(LOCALE):
        print(f"compiled {mo.relative_to(ROOT)}")


if __name__ == "__main__":
    {"update": update, "compile": compile_catalogs}[sys.argv[1]]()

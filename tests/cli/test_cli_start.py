"""The parser is built at every start, the window's too: building it must stay light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "babel", "station_app.app")


def test_building_the_parser_loads_no_database_qt_or_pdf_library(tmp_path: Path) -> None:
    # A fresh interpreter: --version builds the whole parser, every command group included.
    script = (
        "import sys\n"
        "from station_app.cli import main\n"
        "try:\n"
        f"    main(['--data-dir', {str(tmp_path)!r}, '--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )

    loaded = done.stdout.split()
    assert "station_app.cli.stock" in loaded  # the groups' parsers were built
    heavy = [name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY]
    assert heavy == []

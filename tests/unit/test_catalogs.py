"""Chinese first: the template matches the code and zh_CN translates every message."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as fh:
        return {str(m.id) if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def _catalogs_script():
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_is_up_to_date_with_the_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the script changes folder; give it back afterwards
    fresh = tmp_path / "fresh.pot"
    _catalogs_script().extract(fresh)
    committed = _msgids(LOCALE / "station_app.pot")
    extracted = _msgids(fresh)
    assert extracted - committed == set(), "run: python scripts/catalogs.py update"
    assert committed - extracted == set(), "run: python scripts/catalogs.py update"


def test_every_message_has_a_chinese_translation() -> None:
    with (LOCALE / "zh_CN" / "LC_MESSAGES" / "station_app.po").open("rb") as fh:
        catalog = read_po(fh)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} == _msgids(
        LOCALE / "station_app.pot"
    )
    untranslated = [
        m.id
        for m in catalog
        if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    # Placeholders such as {name} or %(prog)s must survive translation.
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []

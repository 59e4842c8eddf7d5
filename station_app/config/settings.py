"""Every setting declared once, with its default and its translated title.

Settings live in ``settings.json`` in the data folder, not in the database, because the
language must be known before the command line help or the database is opened. The
station profile (code, name, address…) is station data and lives in the database.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station_app.i18n import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    title: str  # an N_() msgid, translated where it is shown
    choices: tuple[tuple[str, str], ...] = ()  # (value, N_() label)


LANGUAGES: tuple[tuple[str, str], ...] = (
    ("zh_CN", N_("Chinese (Simplified)")),
    ("en", N_("English")),
)

SYNC_MODES: tuple[tuple[str, str], ...] = (
    ("off", N_("Off")),
    ("folder", N_("To a folder or USB stick")),
    ("https", N_("Over the Internet to the headquarters server")),
)

REGISTRY: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("language", "zh_CN", N_("Language"), LANGUAGES),
        Setting("dedupe_minutes", 30, N_("Same card again within (minutes) is not counted twice")),
        Setting("report_autosave", True, N_("Save last week's report when the app starts")),
        Setting("sync_mode", "off", N_("Send daily summaries to headquarters"), SYNC_MODES),
        Setting("sync_folder", "", N_("Folder for the summaries (USB stick)")),
        Setting("hq_url", "", N_("Headquarters address")),
        Setting("hq_token", "", N_("Upload token from headquarters")),
        Setting("http_proxy", "", N_("Proxy for the Internet (leave empty for none)")),
        Setting("backup_folder", "", N_("Folder for the daily backups (empty: the data folder)")),
        Setting(
            "retention_years",
            0,
            N_("Erase the personal data of workers not seen for (years; 0: never)"),
        ),
    )
}


@dataclass
class Settings:
    """The values in force; unknown keys in the file are kept so a newer app loses nothing."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        setting = REGISTRY[key]
        return self.values.get(key, setting.default)

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in REGISTRY:
            raise KeyError(key)
        self.values[key] = value

    @property
    def language(self) -> str:
        value = self["language"]
        return value if value in dict(LANGUAGES) else REGISTRY["language"].default

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the file; a missing or damaged file gives the defaults (and the log says why)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable, using defaults: %s", path, exc)
            return cls(path)
        return cls(path, raw if isinstance(raw, dict) else {})

    def save(self) -> None:
        """Write atomically (temporary file, then rename): a power cut never leaves half a file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.values, fh, ensure_ascii=False, indent=2, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

"""Every setting declared once: its key, type and range, default and translated title.

Settings live in ``settings.json`` in the data folder, not in the database, because the
language must be known before the command line help or the database is opened. The
station profile (code, name, address…) is station data and lives in the database.

A setting is declared as a ``BoolSetting``, ``IntSetting`` (with its range), ``TextSetting``
or ``ChoiceSetting`` (with its choices) and read with ``settings.get(DEDUPE_MINUTES)``,
which mypy knows is an ``int`` within that range: values are checked when the file is read
(a value of the wrong type or out of range is logged and the default used instead) and
when they are set (``InvalidSetting``, with a translated message), never by the reader.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar, cast

from station_app.atomic_file import atomic_write_text
from station_app.i18n import N_, _

log = logging.getLogger(__name__)

T = TypeVar("T")

DAMAGED_SUFFIX = ".damaged"


class InvalidSetting(ValueError):
    """A value a setting does not take; ``str(exc)`` says why in the user's language."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key in settings.json, its default and its title (an N_() msgid,
    translated where it is shown)."""

    key: str
    default: T
    title: str

    def __post_init__(self) -> None:
        self.check(self.default)  # a default that does not fit fails at import

    def check(self, value: object) -> T:
        """``value`` as this setting holds it; InvalidSetting when it does not fit."""
        raise NotImplementedError

    def _refused(self, rule: str, **values: object) -> InvalidSetting:
        return InvalidSetting(rule.format(title=_(self.title), **values))


@dataclass(frozen=True)
class BoolSetting(Setting[bool]):
    def check(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise self._refused(_("“{title}” must be on or off."))


@dataclass(frozen=True)
class IntSetting(Setting[int]):
    minimum: int
    maximum: int

    def check(self, value: object) -> int:
        if (
            isinstance(value, int)
            and not isinstance(value, bool)  # an int to Python, but true is no number
            and self.minimum <= value <= self.maximum
        ):
            return value
        raise self._refused(
            _("“{title}” must be a whole number from {minimum} to {maximum}."),
            minimum=self.minimum,
            maximum=self.maximum,
        )


@dataclass(frozen=True)
class TextSetting(Setting[str]):
    def check(self, value: object) -> str:
        if isinstance(value, str):
            return value
        raise self._refused(_("“{title}” must be text."))


@dataclass(frozen=True)
class ChoiceSetting(Setting[str]):
    choices: tuple[tuple[str, str], ...]  # (value, N_() label)

    def check(self, value: object) -> str:
        if isinstance(value, str) and value in dict(self.choices):
            return value
        labels = " / ".join(_(label) for _value, label in self.choices)
        raise self._refused(_("“{title}” must be one of: {choices}."), choices=labels)


@dataclass(frozen=True)
class ZoneSetting(Setting[str]):
    """A time zone of the tz database ("Asia/Shanghai"); on Windows the database comes from
    the ``tzdata`` package."""

    def check(self, value: object) -> str:
        from zoneinfo import ZoneInfo

        if isinstance(value, str) and value.strip() == value and value:
            try:
                ZoneInfo(value)
            except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
                pass
            else:
                return value
        raise self._refused(_("“{title}” must be a time zone such as Asia/Shanghai."))


_HOURS = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~～]\s*(\d{1,2})[:：](\d{2})\s*$")


def checked_hours(text: str) -> str:
    """ "7:00 - 19:00" as "07:00-19:00", "" (closed) as ""; InvalidSetting when it is not
    a pair of times with the closing after the opening."""
    if not text.strip():
        return ""
    match = _HOURS.match(text)
    if match is None:
        raise InvalidSetting(
            _("“{text}”: opening hours are written like 07:00-19:00 (empty: closed).").format(
                text=text.strip()
            )
        )
    oh, om, ch, cm = (int(part) for part in match.groups())
    if oh > 23 or om > 59 or ch > 24 or cm > 59 or (ch == 24 and cm):
        raise InvalidSetting(_("“{text}” is not a time of day.").format(text=text.strip()))
    if ch * 60 + cm <= oh * 60 + om:
        raise InvalidSetting(
            _("“{text}”: the closing time must come after the opening time.").format(
                text=text.strip()
            )
        )
    return f"{oh:02d}:{om:02d}-{ch:02d}:{cm:02d}"


@dataclass(frozen=True)
class WeekHoursSetting(Setting[tuple[str, ...]]):
    """Posted hours of the seven weekdays, Monday first: "07:00-19:00", or "" for closed."""

    def check(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or len(value) != 7:
            raise self._refused(_("“{title}” needs the hours of the seven weekdays."))
        if not all(isinstance(day, str) for day in value):
            raise self._refused(_("“{title}” needs the hours of the seven weekdays."))
        return tuple(checked_hours(day) for day in value)


@dataclass(frozen=True)
class ClosedDaysSetting(Setting[tuple[tuple[str, str], ...]]):
    """Declared closed days: (ISO date, note) pairs, by date, each date once."""

    def check(self, value: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list | tuple):
            raise self._refused(_("“{title}” must be a list of dates with notes."))
        days: dict[str, str] = {}
        for entry in value:
            if (
                not isinstance(entry, list | tuple)
                or len(entry) != 2
                or not all(isinstance(part, str) for part in entry)
            ):
                raise self._refused(_("“{title}” must be a list of dates with notes."))
            day, note = entry
            try:
                iso = dt.date.fromisoformat(day.strip()).isoformat()
            except ValueError:
                raise InvalidSetting(
                    _("“{day}” is not a date like 2026-10-01.").format(day=day.strip())
                ) from None
            if iso in days:
                raise InvalidSetting(_("{day} is listed twice.").format(day=iso))
            days[iso] = note.strip()
        return tuple(sorted(days.items()))


LANGUAGES: tuple[tuple[str, str], ...] = (
    ("zh_CN", N_("Chinese (Simplified)")),
    ("en", N_("English")),
)

SYNC_MODES: tuple[tuple[str, str], ...] = (
    ("off", N_("Off")),
    ("folder", N_("To a folder or USB stick")),
    ("https", N_("Over the Internet to the headquarters server")),
)

TEXT_SIZES: tuple[tuple[str, str], ...] = (
    ("100", N_("Normal (100 %)")),
    ("125", N_("Larger (125 %)")),
    ("150", N_("Largest (150 %)")),
)

LANGUAGE = ChoiceSetting("language", "zh_CN", N_("Language"), LANGUAGES)
# Older volunteers read better with bigger type; every page follows at once.
TEXT_SIZE = ChoiceSetting("text_size", "100", N_("Text size"), TEXT_SIZES)
# A minute to four hours: a lunch break, not a whole shift.
DEDUPE_MINUTES = IntSetting(
    "dedupe_minutes",
    30,
    N_("Same card again within (minutes) is not counted twice"),
    minimum=1,
    maximum=240,
)
# A batch this many days or fewer from its expiry date is flagged as expiring soon (临期).
EXPIRY_WARNING_DAYS = IntSetting(
    "expiry_warning_days",
    30,
    N_("Flag batches expiring within (days)"),
    minimum=1,
    maximum=365,
)
REPORT_AUTOSAVE = BoolSetting(
    "report_autosave", True, N_("Save last week's report when the app starts")
)
SYNC_MODE = ChoiceSetting(
    "sync_mode", "off", N_("Send daily summaries to headquarters"), SYNC_MODES
)
# The station's days, weeks and months, and every time it shows, are those of this zone,
# whatever zone the PC is set to: the same database gives the same figures on any PC.
STATION_ZONE = ZoneSetting("time_zone", "Asia/Shanghai", N_("Time zone of the station"))
SYNC_FOLDER = TextSetting("sync_folder", "", N_("Folder for the summaries (USB stick)"))
HQ_URL = TextSetting("hq_url", "", N_("Headquarters address"))
HQ_TOKEN = TextSetting("hq_token", "", N_("Upload token from headquarters"))
HTTP_PROXY = TextSetting("http_proxy", "", N_("Proxy for the Internet (leave empty for none)"))
BACKUP_FOLDER = TextSetting(
    "backup_folder", "", N_("Folder for the daily backups (empty: the data folder)")
)
RETENTION_YEARS = IntSetting(
    "retention_years",
    0,
    N_("Erase the personal data of workers not seen for (years; 0: never)"),
    minimum=0,
    maximum=20,
)

# After each check-in: a sound for counted / already counted / refused, how loud (%).
SOUND_ON = BoolSetting("sound_on", True, N_("Play a sound after each check-in"))
SOUND_VOLUME = IntSetting(
    "sound_volume", 80, N_("Volume of the check-in sounds (%)"), minimum=5, maximum=100
)
# The station's own logo at the top of its printed reports: a PNG or JPEG file's path.
REPORT_LOGO = TextSetting(
    "report_logo", "", N_("Station logo on reports (a PNG or JPEG file; empty: none)")
)

# The hours posted at the door; a station that posts none is "closed" every weekday and
# no minute counts as missed.
POSTED_HOURS = WeekHoursSetting("posted_hours", ("",) * 7, N_("Posted opening hours"))
CLOSED_DAYS = ClosedDaysSetting("closed_days", (), N_("Declared closed days"))

AnySetting = (
    BoolSetting
    | IntSetting
    | TextSetting
    | ChoiceSetting
    | ZoneSetting
    | WeekHoursSetting
    | ClosedDaysSetting
)

REGISTRY: Mapping[str, AnySetting] = {
    s.key: s
    for s in (
        LANGUAGE,
        STATION_ZONE,
        TEXT_SIZE,
        DEDUPE_MINUTES,
        EXPIRY_WARNING_DAYS,
        REPORT_AUTOSAVE,
        SYNC_MODE,
        SYNC_FOLDER,
        HQ_URL,
        HQ_TOKEN,
        HTTP_PROXY,
        BACKUP_FOLDER,
        RETENTION_YEARS,
        SOUND_ON,
        SOUND_VOLUME,
        REPORT_LOGO,
        POSTED_HOURS,
        CLOSED_DAYS,
    )
}


class Settings:
    """The values in force, each checked against its setting. Keys this app does not know
    (written by a newer one) are kept as they are and written back."""

    def __init__(self, path: Path | None, stored: Mapping[str, object] | None = None) -> None:
        self.path = path
        # What the file holds (a setting never stored is at its default, so a later
        # app's better default reaches it): checked values, and unknown keys as read.
        self._stored: dict[str, object] = {}
        self._damaged = False  # the file could not be read: kept aside when next saved
        for key, value in (stored or {}).items():
            setting = REGISTRY.get(key)
            if setting is None:
                self._stored[key] = value
                continue
            try:
                self._stored[key] = setting.check(value)
            except InvalidSetting:
                log.warning(
                    "settings file %s: %s = %r does not fit; using the default %r",
                    path,
                    key,
                    value,
                    setting.default,
                )

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the file; a missing or damaged file gives the defaults (and the log says why)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            problem = str(exc)
        else:
            if isinstance(raw, dict):
                return cls(path, raw)
            problem = f"a JSON {type(raw).__name__}, not an object"
        log.warning("settings file %s unreadable, using defaults: %s", path, problem)
        damaged = cls(path)
        damaged._damaged = True
        return damaged

    def get(self, setting: Setting[T]) -> T:
        """The value in force: of the setting's type, within its range."""
        value = self._stored.get(self._key(setting), setting.default)
        return cast(T, value)  # only values its setting checked are stored under its key

    def set(self, setting: Setting[T], value: T) -> None:
        """Put ``value`` in force (not saved: ``update`` saves); InvalidSetting when it does
        not fit."""
        self._stored[self._key(setting)] = setting.check(value)

    @property
    def language(self) -> str:
        return self.get(LANGUAGE)

    def update(self, values: Mapping[str, object]) -> list[str]:
        """Put ``values`` (setting key → value) in force and save the file, all or nothing;
        returns the keys whose value changed (when none did, nothing is written).

        Raises KeyError for a key no setting has and InvalidSetting for a value that does
        not fit, before anything changes; OSError when the file cannot be written, with the
        values in force as they were.
        """
        checked = {key: REGISTRY[key].check(value) for key, value in values.items()}
        changed = sorted(
            key
            for key, value in checked.items()
            if value != self._stored.get(key, REGISTRY[key].default)
        )
        if not changed:
            return []
        before = dict(self._stored)
        self._stored.update((key, checked[key]) for key in changed)
        try:
            self.save()
        except BaseException:
            self._stored = before
            raise
        return changed

    def save(self) -> None:
        """Write the file atomically: a power cut or a full disk never leaves half a file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._damaged:
            self._keep_damaged_file()
        # Owner only: the file holds the upload token headquarters gave the station.
        with atomic_write_text(self.path, permissions=0o600) as stream:
            json.dump(self._stored, stream, ensure_ascii=False, indent=2, sort_keys=True)

    def _keep_damaged_file(self) -> None:
        """A file that could not be read (edited by hand?) is renamed, not written over."""
        assert self.path is not None
        aside = self.path.with_name(self.path.name + DAMAGED_SUFFIX)
        try:
            self.path.replace(aside)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not keep the damaged settings file %s aside: %s", self.path, exc)
        else:
            log.warning("damaged settings file kept as %s", aside)
        self._damaged = False

    @staticmethod
    def _key(setting: Setting[T]) -> str:
        key = setting.key
        # Equal, not only of the same key: what is stored under it was checked by it.
        if REGISTRY.get(key) != setting:
            raise KeyError(key)
        return key

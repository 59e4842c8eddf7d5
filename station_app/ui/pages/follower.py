"""How a page follows the change bus: refreshed at once while on screen, marked stale and
refreshed once at its next show while hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

from station_app.services.changes import Changes, Subject
from station_app.ui.ops import ChangeBus
from station_app.ui.pages.base import Page


class Follower(QObject):
    """Keeps one page up to date: ``refresh(changes)`` gets the subjects the page shows that
    changed — at once while the page is on screen; while it is hidden the page only marks
    itself stale and refreshes once when it is next shown, so nobody pays for pages nobody
    looks at. Until its first show a page is stale in everything it shows.

    ``owner``: changes announced by ops it initiated are left to it (it updated itself,
    e.g. one row in place rather than the whole list again). ``every_show``: subjects read
    again at every show even when no write was announced, for what moves with the clock or
    with other programs (today's counts, overdue loans, the command line's writes).
    """

    def __init__(
        self,
        bus: ChangeBus,
        page: Page,
        subjects: Iterable[Subject],
        refresh: Callable[[Changes], None],
        *,
        owner: object | None = None,
        every_show: Iterable[Subject] = (),
    ) -> None:
        super().__init__(page)
        self._page = page
        self._subjects = frozenset(subjects)
        self._every_show = frozenset(every_show) & self._subjects
        self._refresh = refresh
        self._owner = owner
        self._stale: set[Subject] = set(self._subjects)
        bus.changed.connect(self._changed)
        page.shown.connect(self._shown)

    @property
    def stale(self) -> Changes:
        return Changes(frozenset(self._stale))

    def mark_stale(self, *subjects: Subject) -> None:
        """Read these again at the next show (or now, when the page is on screen)."""
        self._changed(Changes.of(*subjects), None)

    def _changed(self, changes: Changes, initiator: object | None) -> None:
        if self._owner is not None and initiator is self._owner:
            return
        mine = changes.only(self._subjects)
        if not mine:
            return
        if self._page.isVisible():
            self._refresh(mine)
        else:
            self._stale.update(mine.subjects)

    def _shown(self) -> None:
        due = Changes(frozenset(self._stale | self._every_show))
        self._stale.clear()
        if due:
            self._refresh(due)

"""How long work reports its progress, without knowing who is watching (GUI or terminal)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


def no_progress(done: int, total: int, message: str = "") -> None:
    """The default: nobody is watching."""

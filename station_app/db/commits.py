"""Who hears about the writes a unit of work commits, in this context (``db/uow.py`` tells,
``services/changes.py`` listens). Its own module, without SQLAlchemy: the GUI's window
frame imports the listening side before the database is opened."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

# Told the names of the tables a commit wrote to (never an empty set). A context variable:
# each thread (the GUI's, the task runner's) has its own, so two use cases running at once
# never hear each other's commits.
commit_listener: ContextVar[Callable[[frozenset[str]], None] | None] = ContextVar(
    "commit_listener", default=None
)

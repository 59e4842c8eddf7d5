"""Refusals and problems every layer may raise; their text is already translated for the user.

Here, not in the services, so the printed documents and the database layer raise the same
errors the services do without importing them."""

from __future__ import annotations


class ServiceError(Exception):
    """The use case was refused; ``str(exc)`` says why and what to do, in the user's language."""


class ValidationFailed(ServiceError):
    """Some fields are not acceptable: ``problems`` maps a field to its translated message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("\n".join(problems.values()))
        self.problems = problems


class DatabaseProblem(Exception):
    """A database the app cannot use as it is; the message is for the attendant."""

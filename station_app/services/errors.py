"""Refusals a service gives; their text is already translated for the attendant."""

from __future__ import annotations


class ServiceError(Exception):
    """The use case was refused; ``str(exc)`` says why and what to do, in the user's language."""


class ValidationFailed(ServiceError):
    """Some fields are not acceptable: ``problems`` maps a field to its translated message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("\n".join(problems.values()))
        self.problems = problems
